//! `apsc seed`: load the curated seed (built in, or `--from DIR`) into the
//! database in one transaction; `--reset` rebuilds the whole file.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;

use crate::db;
use crate::error;
use crate::output::{grouped, write_file};
use crate::seed::files::FACT_FILES;
use crate::seed::{SeedDir, Summary};

const EXAMPLES: &str = "\
Examples:
  apsc seed                     reload the built-in seed (the same rows each time)
  apsc seed --from ./seed       load an edited copy of the seed directory
  apsc seed --reset             rebuild the database file from scratch
  apsc seed --dump my-seed      write the built-in seed out, to edit it
  apsc seed --from my-seed      then load the edited copy";

/// Load the curated seed into the database.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct SeedArgs {
    /// Load the seed files from DIR instead of the seed built into apsc
    #[arg(long, value_name = "DIR")]
    pub from: Option<PathBuf>,

    /// Write the seed built into apsc (CSV files and the source text) into
    /// DIR, to edit and load with --from; the database is not touched
    #[arg(long, value_name = "DIR", conflicts_with_all = ["from", "reset"])]
    pub dump: Option<PathBuf>,

    /// Rebuild the database from scratch (schema and data) instead of
    /// reloading the data; the old file stays as it was if anything fails
    #[arg(long)]
    pub reset: bool,
}

pub fn run(db_path: &Path, args: &SeedArgs) -> anyhow::Result<()> {
    if let Some(dir) = &args.dump {
        return dump(dir);
    }
    let seed = match &args.from {
        Some(dir) => SeedDir::read(dir)?,
        None => SeedDir::embedded(),
    };
    // The built-in seed over data loaded from other seed files (a seed
    // folder, or an earlier apsc's built-in seed, which an upgrade reloads
    // on purpose) replaces that data: done as asked, and said.
    let replaces_other =
        args.from.is_none() && !is_new(db_path) && db::from_other_seed(db_path) == Some(true);
    // A new (or empty) database is built whole in memory and written only
    // once the seed has loaded: a seed with problems leaves no file behind.
    let summary = if args.reset || is_new(db_path) {
        reset(db_path, &seed)?
    } else {
        let mut conn = db::open_write(db_path, false)?;
        db::load_seed(&mut conn, &seed).with_context(|| format!("seeding {}", db_path.display()))?
    };
    // Status, not data: on stderr, so that stdout stays empty (and a closed
    // pipe there is nothing to fail on).
    eprintln!("apsc: {}", describe(&summary, db_path));
    if replaces_other {
        let (shown, hint) = (db_path.display(), db::hint(db_path, "seed --from DIR"));
        eprintln!(
            "apsc: {shown} held data loaded from other seed files than this apsc's built-in seed \
             (a seed folder, or an earlier apsc's seed); it now holds the built-in seed \
             (a folder loads again with `{hint}`)"
        );
    }
    Ok(())
}

/// Write the built-in seed into `dir`, refusing to overwrite any seed file
/// already there: an edited seed is never lost to a second dump.
fn dump(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() && !dir.is_dir() {
        return Err(error::usage(format!(
            "{} is a file, not a folder: give a folder to write the seed into",
            dir.display()
        )));
    }
    let seed = SeedDir::embedded();
    let present: Vec<&str> = seed.names().filter(|n| dir.join(n).exists()).collect();
    if !present.is_empty() {
        return Err(error::usage(format!(
            "{} already holds {}; apsc does not overwrite a seed there: choose a new folder",
            dir.display(),
            present.join(", ")
        )));
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    for name in seed.names() {
        let bytes = seed.get(name).expect("a listed seed file has bytes");
        write_file(&dir.join(name), bytes)?;
    }
    let (count, dir) = (seed.names().count(), dir.display());
    eprintln!(
        "apsc: wrote the built-in seed ({count} files) to {dir}; edit it, then: apsc seed --from {dir}"
    );
    Ok(())
}

/// A database file that does not exist yet, or is empty: it is built in
/// memory and written in one piece, as `--reset` does, which saves the
/// journal and most of the syncs of a load into the file (a tenth off the
/// built-in seed and 10^3 facts; the same time from 10^5 facts up).
fn is_new(path: &Path) -> bool {
    std::fs::metadata(path).map_or(true, |m| m.is_file() && m.len() == 0)
}

/// Build the new database in memory, then put it in place of the file
/// (see [`db::replace`]): a failure leaves the old file as it was.
fn reset(path: &Path, seed: &SeedDir) -> anyhow::Result<Summary> {
    let (fresh, summary) =
        db::build(seed).with_context(|| format!("seeding {}", path.display()))?;
    db::replace(path, &fresh)?;
    Ok(summary)
}

fn describe(summary: &Summary, path: &Path) -> String {
    let c = |table| grouped(summary.count(table));
    let facts: Vec<String> = (FACT_FILES.iter())
        .map(|spec| format!("{} {}", c(spec.table), spec.table))
        .collect();
    let (figures, partners, aliases) = (c("figures"), c("partners"), c("partner_aliases"));
    let (areas, passages, sentences) = (c("areas"), c("passages"), c("sentences"));
    let (origin, path, total) = (&summary.origin, path.display(), grouped(summary.facts()));
    format!(
        "loaded the {origin} into {path}: {total} facts ({}), {figures} figures, {partners} \
         partners with {aliases} aliases, {areas} areas, {passages} passages, {sentences} sentences",
        facts.join(", ")
    )
}
