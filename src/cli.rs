//! The command line: the global option and the list of subcommands. Each
//! subcommand's own flags live beside its logic in `cmd/<name>.rs`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::error::{ContextKind, ErrorKind};
use clap::{Parser, Subcommand};

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
  apsc export out/                every table and report as CSV (also --xlsx, --graph, --datasette)
  apsc check                      verify the database

Exit codes: 0 success, 1 a check failed, 2 usage error, 3 invalid seed data,
4 database error, 5 file error outside the database, 130 interrupted.";

/// A queryable knowledge base of China's non-traditional security cooperation in
/// the Asia-Pacific: section VI of the white paper of January 2017, with the
/// exact sentence behind every fact.
#[derive(Debug, Parser)]
#[command(name = "apsc", version, after_help = AFTER_HELP, max_term_width = 100)]
#[command(arg_required_else_help = true)]
pub struct Cli {
    /// The database file [env: APSC_DB] [default: apsc.db; it, or the file
    /// APSC_DB names, is created from the built-in seed on first use; a --db
    /// naming no file is an error: `apsc --db PATH seed` creates it]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The database `command` uses: --db, else APSC_DB, else `apsc.db`; None
    /// for a command that needs none. An APSC_DB that is set but empty is a
    /// mistake worth naming, not a default. Only the default database (or
    /// APSC_DB's) is created on first use: a --db that names no file is
    /// taken for a typo, unless the command is `seed`.
    pub fn db_path(&self) -> anyhow::Result<Option<PathBuf>> {
        let command = &self.command;
        if matches!(command, Command::Completions(_) | Command::Manpage(_)) {
            return Ok(None);
        }
        if let Some(path) = &self.db {
            // A missing folder is named when the database is opened.
            let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
            let seed = matches!(command, Command::Seed(_));
            if !seed && !path.exists() && folder.is_none_or(Path::is_dir) {
                let (shown, seed) = (path.display(), db::hint(path, "seed"));
                return Err(error::database(format!(
                    "no database at {shown}: check the path, or create it with `{seed}`"
                )));
            }
            return Ok(Some(path.clone()));
        }
        match std::env::var_os("APSC_DB") {
            Some(value) if value.is_empty() => Err(error::usage(
                "APSC_DB is set but empty: set it to a database path, or unset it to use apsc.db",
            )),
            Some(value) => Ok(Some(PathBuf::from(value))),
            None => Ok(Some(PathBuf::from(db::DEFAULT_DB))),
        }
    }
}

/// Parse the command line; on a usage error, say it and give the exit code.
/// `apsc` alone lists the commands; `cite --format` points to `--style`.
pub fn parse() -> Result<Cli, ExitCode> {
    Cli::try_parse().map_err(|err| {
        if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
            let _ = err.print();
            return ExitCode::from(2);
        }
        let arg = err.get(ContextKind::InvalidArg).map(ToString::to_string);
        let format_in_cite = err.kind() == ErrorKind::UnknownArgument
            && err.render().to_string().contains("Usage: apsc cite ")
            && arg.is_some_and(|a| a.starts_with("--format"));
        let style = "cite has no --format: its output is chosen with --style \
                     (plain, bibtex or csl-json)\n";
        match format_in_cite {
            true => error::clap_exit(&clap::Error::raw(ErrorKind::UnknownArgument, style)),
            false => error::clap_exit(&err),
        }
    })
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
    /// Cite facts: each quote with publisher, title, date, section, paragraph, sentence and URL.
    Cite(cmd::cite::CiteArgs),
    /// Write the codebook (Markdown), generated from the database.
    Codebook(cmd::codebook::CodebookArgs),
    /// Write the paper as one HTML page, its facts marked in the text.
    Html(cmd::html::HtmlArgs),
    /// Search the text of the paper (full text, ranked).
    Search(cmd::search::SearchArgs),
    /// Export the data: a folder of CSV files with a README and a data package, a workbook, a network or Datasette metadata.
    Export(cmd::export::ExportArgs),
    /// Show the tables and views, their columns and row counts.
    Schema(cmd::schema::SchemaArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(cmd::completions::CompletionsArgs),
    /// Write the manual pages (roff) into a folder.
    Manpage(cmd::manpage::ManpageArgs),
}
