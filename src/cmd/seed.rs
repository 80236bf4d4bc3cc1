//! `apsc seed`: load the curated seed (built in, or `--from DIR`) into the
//! database in one transaction; `--reset` rebuilds the whole file.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use std::time::{Duration, Instant};

use rusqlite::Connection;
use rusqlite::backup::StepResult;

use crate::db;
use crate::error;
use crate::seed::{SeedDir, Summary};

const EXAMPLES: &str = "\
Examples:
  apsc seed                     reload the built-in seed (the same rows each time)
  apsc seed --from ./seed       load an edited copy of the seed directory
  apsc seed --reset             rebuild the database file from scratch";

/// Load the curated seed into the database.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct SeedArgs {
    /// Load the seed files from DIR instead of the seed built into apsc
    #[arg(long, value_name = "DIR")]
    pub from: Option<PathBuf>,

    /// Rebuild the database from scratch (schema and data) instead of
    /// reloading the data; the old file stays as it was if anything fails
    #[arg(long)]
    pub reset: bool,
}

pub fn run(db_path: &Path, args: &SeedArgs) -> anyhow::Result<()> {
    let seed = match &args.from {
        Some(dir) => SeedDir::read(dir)?,
        None => SeedDir::embedded(),
    };
    let summary = if args.reset {
        reset(db_path, &seed)?
    } else {
        let mut conn = db::open_write(db_path, false)?;
        db::load_seed(&mut conn, &seed).with_context(|| format!("seeding {}", db_path.display()))?
    };
    println!("{}", describe(&summary, db_path));
    Ok(())
}

/// Build the new database in memory, then copy it over the file with
/// SQLite's backup API, which writes it in one transaction: readers see the
/// old file or the new one, and a failure leaves the old one as it was.
fn reset(path: &Path, seed: &SeedDir) -> anyhow::Result<Summary> {
    let mut fresh = Connection::open_in_memory()?;
    fresh.pragma_update(None, "page_size", db::PAGE_SIZE)?;
    fresh.pragma_update(None, "foreign_keys", true)?;
    db::migrate(&mut fresh)?;
    let summary =
        db::load_seed(&mut fresh, seed).with_context(|| format!("seeding {}", path.display()))?;
    let mut target = db::open_for_reset(path)?;
    let backup = rusqlite::backup::Backup::new(&fresh, &mut target)?;
    let started = Instant::now();
    loop {
        match backup
            .step(-1)
            .with_context(|| format!("writing {}", path.display()))?
        {
            StepResult::Done => break,
            StepResult::More => {}
            StepResult::Busy | StepResult::Locked if started.elapsed() < db::BUSY_TIMEOUT => {
                std::thread::sleep(Duration::from_millis(50));
            }
            _ => {
                return Err(error::database(format!(
                    "{} stayed locked by another process for {} s; nothing was changed",
                    path.display(),
                    db::BUSY_TIMEOUT.as_secs()
                )));
            }
        }
    }
    Ok(summary)
}

fn describe(summary: &Summary, path: &Path) -> String {
    let c = |table| summary.count(table);
    format!(
        "loaded the {} into {}: {} facts ({} meetings, {} exercises, {} agreements, {} operations, \
         {} statements), {} figures, {} partners with {} aliases, {} areas, {} passages, {} sentences",
        summary.origin,
        path.display(),
        summary.facts(),
        c("meetings"),
        c("exercises"),
        c("agreements"),
        c("operations"),
        c("statements"),
        c("figures"),
        c("partners"),
        c("partner_aliases"),
        c("areas"),
        c("passages"),
        c("sentences"),
    )
}
