//! `apsc html -o FILE.html`: the paper as one self-contained page, read with
//! its facts: every cited sentence marked with the facts it holds, filters,
//! a timeline, a chart, a partner index, the facts as a table, and where the
//! text comes from. It opens from disk, loads nothing from the network, and
//! reads as a plain annotated document where scripts do not run.

mod marks;
mod model;
mod page;
mod side;
mod svg;
mod table;

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;

use crate::db;
use crate::output::Target;
use crate::output::grouped;
use crate::progress::Progress;

const EXAMPLES: &str = "\
Examples:
  apsc html -o paper.html      then open paper.html in a browser
  apsc html -o - > paper.html  the same, through stdout

The page is one file: its style and script are inside it, and a
Content-Security-Policy forbids it to load anything else. Select a marked
sentence (click, or Tab and Enter) to see its facts; the filters dim what
does not match. Without scripts it reads as the annotated text with a table
of facts.";

/// Write the paper as one HTML page, its facts marked in the text.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct HtmlArgs {
    /// The file to write; - for stdout. The file appears only when complete
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
}

pub fn run(db_path: &Path, args: &HtmlArgs) -> anyhow::Result<()> {
    let mut target = Target::open(&args.output)?;
    let conn = db::open_read(db_path)?;
    let progress = Progress::new("steps done", Some(2));
    progress.step("reading the facts and the text");
    let page = model::load(&conn)?;
    progress.inc(1);
    let shown = args.output.display();
    progress.step(format!("writing {shown}"));
    page::write(&page, &mut target).with_context(|| format!("writing {shown}"))?;
    target.commit()?;
    progress.finish();
    let (facts, marks) = (grouped(page.facts.len()), grouped(page.marks));
    eprintln!("apsc: wrote {shown}: {facts} facts marked in {marks} sentences");
    Ok(())
}
