//! `apsc cite ID`: one fact's quote with its citation (publisher, title,
//! date, section, paragraph and sentence, address), as plain text, BibTeX or
//! CSL-JSON.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};
use rusqlite::Connection;

use crate::citation::Citation;
use crate::db;
use crate::error;
use crate::facts;
use crate::lookup;
use crate::output::Target;

const EXAMPLES: &str = "\
Examples:
  apsc cite meetings/china-asean-le-dialogue
  apsc cite china-asean-le-dialogue --style bibtex >> refs.bib
  apsc cite operations/gulf-of-aden-escorts --style csl-json -o escorts.json";

/// How the citation is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Style {
    /// The quote, then publisher, title, date, section, paragraph, sentence, URL.
    Plain,
    /// A @techreport entry.
    Bibtex,
    /// CSL-JSON (Zotero, pandoc --citeproc): an array of one report.
    CslJson,
}

/// Cite one fact.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct CiteArgs {
    /// A fact, as reports cite it (`meetings/ID`), or a bare ID when only one
    /// fact has it
    #[arg(value_name = "ID")]
    pub id: String,

    /// plain, bibtex or csl-json
    #[arg(long, value_enum, default_value = "plain", ignore_case = true)]
    pub style: Style,

    /// The file to write; - for stdout (the default)
    #[arg(short = 'o', long = "output", value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
}

pub fn run(db_path: &Path, args: &CiteArgs) -> anyhow::Result<()> {
    let conn = db::open_read(db_path)?;
    let key = resolve(&conn, &args.id)?;
    let citation = citation(&conn, &key)?;
    let text = match args.style {
        Style::Plain => citation.plain(),
        Style::Bibtex => citation.bibtex(),
        Style::CslJson => citation.csl_json(),
    };
    let mut target = Target::open(&args.output)?;
    target
        .write_all(text.as_bytes())
        .with_context(|| format!("writing {}", args.output.display()))?;
    target.commit()
}

/// The key (`table/id`) of the fact `wanted` names, or a usage error with the
/// nearest keys.
fn resolve(conn: &Connection, wanted: &str) -> anyhow::Result<String> {
    let mut stmt = conn.prepare("SELECT fact_table, fact_id FROM facts ORDER BY 1, 2")?;
    let facts: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let keys: Vec<String> = facts.iter().map(|(t, id)| format!("{t}/{id}")).collect();
    let lower = wanted.trim().to_lowercase();
    let found: Vec<&String> = match lower.split_once('/') {
        Some((table, id)) => keys
            .iter()
            .zip(&facts)
            .filter(|(_, (t, i))| (t == table || facts::type_name(t) == table) && i == id)
            .map(|(key, _)| key)
            .collect(),
        None => keys
            .iter()
            .zip(&facts)
            .filter(|(_, (_, i))| *i == lower)
            .map(|(key, _)| key)
            .collect(),
    };
    match found[..] {
        [key] => Ok(key.clone()),
        [] => {
            // A bare id is offered as the key reports print.
            let ids = facts.iter().map(|(_, id)| id.as_str());
            let mut near: Vec<&str> = Vec::new();
            for found in lookup::nearest(wanted, keys.iter().map(String::as_str).chain(ids)) {
                let key = keys
                    .iter()
                    .zip(&facts)
                    .find(|(_, (_, id))| id == found)
                    .map_or(found, |(key, _)| key.as_str());
                if !near.contains(&key) {
                    near.push(key);
                }
            }
            Err(error::usage(format!(
                "no fact called {wanted:?}{} (`apsc report sources` lists the facts)",
                lookup::did_you_mean(&near)
            )))
        }
        _ => {
            let names: Vec<&str> = found.iter().map(|k| k.as_str()).collect();
            Err(error::usage(format!(
                "{wanted:?} names more than one fact: {}; give TYPE/ID",
                names.join(", ")
            )))
        }
    }
}

/// The citation of the fact `key` (`table/id`), from facts_long and its
/// document.
fn citation(conn: &Connection, key: &str) -> anyhow::Result<Citation> {
    let (table, id) = key.split_once('/').expect("a key is table/id");
    conn.query_row(
        "SELECT l.quote, d.publisher, d.title, d.published, l.section, l.area, l.paragraph,
                l.sentence, d.url
           FROM facts_long l
           JOIN passages p ON p.section = l.section AND p.ordinal = l.paragraph
           JOIN documents d ON d.id = p.document_id
          WHERE l.fact_type = ?1 AND l.fact_id = ?2
          LIMIT 1",
        [facts::type_name(table), id],
        |r| {
            Ok(Citation {
                key: key.to_string(),
                quote: r.get(0)?,
                publisher: r.get(1)?,
                title: r.get(2)?,
                published: r.get(3)?,
                section: r.get(4)?,
                section_title: r.get(5)?,
                paragraph: r.get(6)?,
                sentence: r.get(7)?,
                url: r.get(8)?,
            })
        },
    )
    .with_context(|| format!("reading the citation of {key}"))
}
