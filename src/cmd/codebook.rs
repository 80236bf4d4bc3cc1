//! `apsc codebook`: the codebook in Markdown, generated from the database:
//! units of analysis, columns, vocabularies, coding rules and the judgements
//! curators explained.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;

use crate::codebook;
use crate::db;
use crate::output::write_file;
use crate::progress::Progress;

const EXAMPLES: &str = "\
Examples:
  apsc codebook                  print it
  apsc codebook -o CODEBOOK.md   write it beside an export";

/// Write the codebook.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct CodebookArgs {
    /// The file to write; - for stdout (the default)
    #[arg(short = 'o', long = "output", value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
}

pub fn run(db_path: &Path, args: &CodebookArgs) -> anyhow::Result<()> {
    let conn = db::open_read(db_path)?;
    // The codebook counts every table's and view's rows, which on a large
    // database takes a while: a terminal shows that it is at work.
    let progress = Progress::new("steps done", Some(1));
    progress.step("reading the database for the codebook");
    let text = codebook::build(&conn, &Default::default())
        .context("reading the database for the codebook")?;
    progress.finish();
    write_file(&args.output, text.as_bytes())
}
