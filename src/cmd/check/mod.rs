//! `apsc check`: verify the database from the file up: SQLite's own
//! integrity and foreign-key checks, the migrations and the schema against
//! this binary, the restored text against the supplied one, every passage,
//! sentence and quote at its recorded offsets, how many sentences the facts
//! cite, and the curation: dates that agree with their words, and every
//! partner a quote names linked or waived. Every check gets its row, even on
//! a damaged file: a check that cannot run fails and says why.

mod codings;
pub mod curation;
mod structural;
mod textual;
mod verdict;

use std::path::Path;

use clap::Args;
use rusqlite::Connection;
use rusqlite::types::Value;

use crate::db;
use crate::error::{self, Error};
use crate::output::OutputArgs;
use crate::progress::Progress;
use verdict::Verdict;

const EXAMPLES: &str = "\
Examples:
  apsc check
  apsc check --format json
  apsc --db other.db check

Exit status 0 when every check holds, 1 when one fails.";

/// Verify the database.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct CheckArgs {
    #[command(flatten)]
    pub output: OutputArgs,
}

type Check = fn(&Connection) -> anyhow::Result<Verdict>;

/// Every check, in the order they run and print.
const CHECKS: [(&str, Check); 13] = [
    ("integrity", structural::integrity),
    ("foreign keys", structural::foreign_keys),
    ("migrations", structural::migrations),
    ("schema", structural::schema),
    ("rows", structural::rows),
    ("restoration", textual::restoration),
    ("passages", textual::passages),
    ("quotes", textual::quotes),
    ("coverage", textual::coverage),
    ("dates", curation::dates),
    ("mentions", curation::mentions),
    ("forms", codings::forms),
    ("context", codings::context),
];

pub fn run(db_path: &Path, args: &CheckArgs) -> anyhow::Result<()> {
    let mut printer = args.output.printer()?;
    let conn = db::open_for_check(db_path)?;
    let progress = Progress::new("checks done", Some(CHECKS.len() as u64));
    let mut verdicts = Vec::new();
    for (name, check) in CHECKS {
        progress.step(format!("checking: {name}"));
        verdicts.push((name, run_one(&conn, check)));
        progress.inc(1);
    }
    progress.finish();
    let rows = verdicts.iter().map(|(name, v)| {
        let result = if v.ok { "ok" } else { "FAILED" };
        [name, result, &v.detail].map(|cell| Value::Text(cell.to_string()))
    });
    printer.rows(&["check", "result", "detail"], rows)?;
    printer.finish()?;
    let (failed, total) = (verdicts.iter().filter(|(_, v)| !v.ok).count(), CHECKS.len());
    let err = Error::CheckFailed { failed, total };
    match failed {
        0 => Ok(()),
        // A damaged file: the last line says how to rebuild it.
        _ if !verdicts[0].1.ok => Err(anyhow::Error::new(err).context(format!(
            "the file is damaged; rebuild it from the seed with {}",
            db::rebuild_hint(db_path)
        ))),
        _ => Err(err.into()),
    }
}

/// Run one check; one that cannot run is a failure that says why.
fn run_one(conn: &Connection, check: Check) -> Verdict {
    check(conn).unwrap_or_else(|err| Verdict {
        ok: false,
        detail: format!("could not run: {}", error::one_line(&err)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_that_cannot_run_fails_and_says_why() -> anyhow::Result<()> {
        let conn = Connection::open_in_memory()?;
        // An empty database has none of apsc's tables: the text checks cannot run.
        let v = run_one(&conn, textual::quotes);
        assert!(!v.ok);
        assert!(v.detail.starts_with("could not run: "), "{}", v.detail);
        assert!(v.detail.contains("no such table"), "{}", v.detail);
        Ok(())
    }
}
