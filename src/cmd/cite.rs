//! `apsc cite ID...`: each fact's quote with its citation (publisher, title,
//! date, section, paragraph and sentence, address), as plain text, BibTeX
//! (one entry for the paper, each fact's pinpoint beside it) or CSL-JSON.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use rusqlite::Connection;

use crate::citation::{self, Citation};
use crate::db;
use crate::error;
use crate::lookup;

const EXAMPLES: &str = "\
Examples:
  apsc cite meetings/china-asean-le-dialogue
  apsc cite china-asean-le-dialogue agreements/untoc --style bibtex > refs.bib
  apsc cite operations/gulf-of-aden-escorts -o escorts.json    (csl-json, from the name)";

/// How the citation is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Style {
    /// The quote, then publisher, title, date, section, paragraph, sentence, URL.
    Plain,
    /// One @techreport entry for the paper, then each fact's \cite[section, paragraph]{key}.
    Bibtex,
    /// CSL-JSON (Zotero, pandoc --citeproc): an array of one report per fact.
    CslJson,
}

/// Cite facts.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct CiteArgs {
    /// Each fact, as reports cite it (`meetings/ID`), a bare ID when only
    /// one fact has it, or its exact name in any case
    #[arg(value_name = "ID", required = true)]
    pub ids: Vec<String>,

    /// plain, bibtex or csl-json [default: what the -o file's extension
    /// says (.bib, .json), else plain]
    #[arg(long, value_enum, ignore_case = true)]
    pub style: Option<Style>,

    /// The file to write; - for stdout (the default)
    #[arg(short = 'o', long = "output", value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
}

/// The style to write: `--style`, else the one the file's name implies
/// (`.bib` and `.json` name theirs; any other name, plain). A `--style` that
/// a `.bib` or `.json` name contradicts is refused, lest `refs.bib` end up
/// holding JSON; a `.txt` or other name takes any style.
fn resolve_style(args: &CiteArgs) -> anyhow::Result<Style> {
    let ext = args.output.extension().and_then(|e| e.to_str());
    let named = match ext.map(str::to_ascii_lowercase).as_deref() {
        Some("bib") => Style::Bibtex,
        Some("json") => Style::CslJson,
        _ => Style::Plain,
    };
    match args.style {
        Some(given) if given != named && named != Style::Plain => {
            let given = given.to_possible_value().expect("no variant is skipped");
            Err(error::usage(format!(
                "--style {} does not match the name {}; name the file for the style or leave \
                 --style out",
                given.get_name(),
                args.output.display()
            )))
        }
        given => Ok(given.unwrap_or(named)),
    }
}

pub fn run(db_path: &Path, args: &CiteArgs) -> anyhow::Result<()> {
    let style = resolve_style(args)?;
    let conn = db::open_read(db_path)?;
    let citations = (args.ids.iter())
        .map(|wanted| resolve(&conn, wanted).and_then(|(t, id)| citation::read(&conn, &t, &id)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let text = match style {
        Style::Plain => citations
            .iter()
            .map(Citation::plain)
            .collect::<Vec<_>>()
            .join("\n"),
        Style::Bibtex => citation::bibtex(&citations),
        Style::CslJson => {
            let items: Vec<_> = citations.iter().map(|c| &c.csl).collect();
            serde_json::to_string_pretty(&items)? + "\n"
        }
    };
    crate::output::write_file(&args.output, text.as_bytes())
}

/// The table and id of the fact `wanted` names, or a usage error with the
/// nearest keys.
fn resolve(conn: &Connection, wanted: &str) -> anyhow::Result<(String, String)> {
    let mut found = lookup::find_facts(conn, wanted)?;
    match found.as_slice() {
        [_] => Ok(found.remove(0)),
        [] => {
            let near = lookup::suggest_facts(conn, wanted, &[])?;
            Err(error::usage(format!(
                "no fact called {wanted:?}{near} (`apsc report sources` lists the facts)"
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
