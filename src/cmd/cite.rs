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
    let found = lookup::find_facts(conn, wanted)?;
    match found.as_slice() {
        [(table, id)] => Ok(format!("{table}/{id}")),
        [] => {
            let near = lookup::nearest_facts(conn, wanted, &[])?;
            let near: Vec<&str> = near.iter().map(String::as_str).collect();
            Err(error::usage(format!(
                "no fact called {wanted:?}{} (`apsc report sources` lists the facts)",
                lookup::did_you_mean(&near)
            )))
        }
        many => {
            let names: Vec<String> = many.iter().map(|(t, id)| format!("{t}/{id}")).collect();
            Err(error::usage(format!(
                "{wanted:?} names more than one fact: {}; give TYPE/ID",
                names.join(", ")
            )))
        }
    }
}

/// The citation of the fact `key` (`table/id`): the columns `facts_long`
/// gives, read through the fact table's key.
fn citation(conn: &Connection, key: &str) -> anyhow::Result<Citation> {
    let (table, id) = key.split_once('/').expect("a key is table/id");
    debug_assert!(facts::TABLES.contains(&table));
    conn.query_row(
        &format!(
            "SELECT f.quote, d.publisher, d.title, d.published, p.section, a.name, p.ordinal,
                    (SELECT s.ordinal FROM sentences s
                      WHERE s.passage_id = f.passage_id
                        AND s.start_offset <= f.quote_start AND f.quote_start < s.end_offset),
                    d.url
               FROM \"{table}\" f
               JOIN passages p ON p.id = f.passage_id
               JOIN areas a ON a.id = f.area_id
               JOIN documents d ON d.id = p.document_id
              WHERE f.id = ?1"
        ),
        [id],
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
