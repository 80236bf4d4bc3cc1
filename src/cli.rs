//! The command line: the global options and the list of subcommands. Each
//! subcommand's own flags live beside its logic in `cmd/<name>.rs`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::{cmd, db, error};

const AFTER_HELP: &str = "\
Examples:
  apsc report partners            who China works with, most engaged first
  apsc report partner --param name=ROK
  apsc search Mekong
  apsc show meetings/china-asean-le-dialogue
  apsc cite meetings/china-asean-le-dialogue --style bibtex
  apsc html -o paper.html         the paper with its facts, for a browser
  apsc sql \"SELECT name, kind FROM partners\"
  apsc export out/                every table and report as CSV
  apsc check                      verify the database

Exit codes: 0 success, 1 a check failed, 2 usage error, 3 invalid seed data,
4 database error, 5 file error outside the database, 130 interrupted.";

/// A queryable knowledge base of China's non-traditional security cooperation in
/// the Asia-Pacific: section VI of the white paper of January 2017, with the
/// exact sentence behind every fact.
#[derive(Debug, Parser)]
#[command(name = "apsc", version, after_help = AFTER_HELP, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,

    #[command(subcommand)]
    pub command: Command,
}

/// Options that every subcommand takes.
#[derive(Debug, Args)]
pub struct Global {
    /// The database file; created from the built-in seed when it does not
    /// exist [env: APSC_DB] [default: apsc.db]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
}

impl Global {
    /// The database to use: --db, else APSC_DB, else `apsc.db`. An APSC_DB
    /// that is set but empty is a mistake worth naming, not a default.
    pub fn db_path(&self) -> anyhow::Result<PathBuf> {
        if let Some(path) = &self.db {
            return Ok(path.clone());
        }
        match std::env::var_os("APSC_DB") {
            Some(value) if value.is_empty() => Err(error::usage(
                "APSC_DB is set but empty: set it to a database path, or unset it to use apsc.db",
            )),
            Some(value) => Ok(PathBuf::from(value)),
            None => Ok(PathBuf::from(db::DEFAULT_DB)),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load the curated seed into the database (idempotent; --reset rebuilds).
    Seed(cmd::seed::SeedArgs),
    /// Verify the database: integrity, keys, migrations, quotes and citation coverage.
    Check(cmd::check::CheckArgs),
    /// Run a canned report.
    Report(cmd::report::ReportArgs),
    /// List the canned reports.
    Reports(cmd::reports::ReportsArgs),
    /// Run ad-hoc SQL: read-only unless --write, under a time limit.
    Sql(cmd::sql::SqlArgs),
    /// Show one fact (its partners, date, figures and sentence) or one partner.
    Show(cmd::show::ShowArgs),
    /// Cite one fact: its quote with publisher, title, date, section, paragraph, sentence and URL.
    Cite(cmd::cite::CiteArgs),
    /// Write the codebook (Markdown), generated from the database.
    Codebook(cmd::codebook::CodebookArgs),
    /// Write the paper as one HTML page, its facts marked in the text.
    Html(cmd::html::HtmlArgs),
    /// Search the text of the paper (full text, ranked).
    Search(cmd::search::SearchArgs),
    /// Export every table and report as CSV, with a README.
    Export(cmd::export::ExportArgs),
    /// Show the tables and views, their columns and row counts.
    Schema(cmd::schema::SchemaArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(cmd::completions::CompletionsArgs),
    /// Write the manual pages (roff) into a folder.
    Manpage(cmd::manpage::ManpageArgs),
}
