//! `apsc html`: the paper as one self-contained HTML page.

use std::path::{Path, PathBuf};

use clap::Args;

/// Write the reading view.
#[derive(Debug, Args)]
pub struct HtmlArgs {
    /// The file to write (- for stdout)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
}

pub fn run(_db_path: &Path, _args: &HtmlArgs) -> anyhow::Result<()> {
    Ok(())
}
