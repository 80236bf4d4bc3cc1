//! The loader: reads the seed files in dependency order, checks every row and
//! inserts it, all inside one transaction that commits only when no problem
//! was found. The schema's keys and CHECKs hold each row as it goes in, and
//! each rule a row breaks is said as `file:line: what is wrong` ([`refusal`]);
//! the loader itself checks what the schema cannot: references (with what
//! was meant), quotes found in the text, dates against their words. Every
//! problem of a seed is told in one run.
//!
//! This module runs the load; [`loader`] reads the files and writes rows,
//! [`row`] reads a row by its table's columns, [`documents`], [`partners`]
//! and [`facts`] check their files, [`quotes`] places quotes in the text.

mod documents;
mod facts;
mod lines;
mod loader;
mod partners;
mod quotes;
mod refusal;
mod row;

use anyhow::Context;
use rusqlite::{Connection, TransactionBehavior};

use super::directory::{SeedDir, sha256_hex};
use super::files::{FACT_FILES as FACTS, seed_tables};
use crate::error::{Problem, Problems};
use crate::progress::Progress;
use loader::Loader;
use quotes::Quotes;

/// What a successful load wrote: rows per table, in load order.
#[derive(Debug)]
pub struct Summary {
    pub origin: String,
    pub counts: Vec<(&'static str, u64)>,
}

impl Summary {
    pub fn count(&self, table: &str) -> u64 {
        self.counts
            .iter()
            .find(|(t, _)| *t == table)
            .map_or(0, |(_, n)| *n)
    }

    /// Rows of the four event tables and of statements.
    pub fn facts(&self) -> u64 {
        FACTS.iter().map(|spec| self.count(spec.table)).sum()
    }
}

/// Load `seed` into the database, replacing what an earlier seed loaded.
/// `before_commit` runs last, inside the load's transaction, so that what the
/// caller derives from the seed (the report views) commits with it or not at
/// all. On any problem nothing is written and the error is [`Problems`].
pub fn load(
    conn: &mut Connection,
    seed: &SeedDir,
    before_commit: impl FnOnce(&Connection) -> anyhow::Result<()>,
) -> anyhow::Result<Summary> {
    // Keep every change in memory until commit, so that readers are held
    // off for the commit itself, never for the whole load.
    conn.pragma_update(None, "cache_spill", false)?;
    let loaded = load_in_one_transaction(conn, seed, before_commit);
    conn.pragma_update(None, "cache_spill", true)?;
    loaded
}

fn load_in_one_transaction(
    conn: &mut Connection,
    seed: &SeedDir,
    before_commit: impl FnOnce(&Connection) -> anyhow::Result<()>,
) -> anyhow::Result<Summary> {
    let progress = Progress::new("steps", None);
    progress.step("seeding: checking and loading rows");
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Every reference is the loader's to name, at its line: the keys only
    // have to hold at commit (so the seed's tables empty in any order).
    tx.pragma_update(None, "defer_foreign_keys", true)?;
    for table in seed_tables().chain(["seed_files"]) {
        tx.execute(&format!("DELETE FROM {table}"), [])
            .with_context(|| format!("emptying {table}"))?;
    }
    let mut loader = Loader::new(seed, &tx)?;
    check(&mut loader);
    if !loader.ok() {
        // Dropping the transaction rolls every row back.
        return Err(Problems(loader.problems).into());
    }
    // Its prepared statements hold the transaction.
    drop(loader);
    let counts = seed_tables()
        .map(|table| {
            let sql = format!("SELECT count(*) FROM {table}");
            let rows: i64 = tx.query_row(&sql, [], |row| row.get(0))?;
            Ok((table, rows as u64))
        })
        .collect::<rusqlite::Result<Vec<_>>>()?;
    record_files(&tx, seed, &counts)?;
    progress.step("seeding: building the full-text index");
    tx.execute(
        "INSERT INTO passages_fts (passages_fts) VALUES ('rebuild')",
        [],
    )
    .context("indexing passages for full-text search")?;
    progress.step("seeding: writing the report views");
    before_commit(&tx)?;
    progress.step("seeding: committing");
    tx.commit().context("committing the seed")?;
    Ok(Summary {
        origin: seed.origin.clone(),
        counts,
    })
}

/// Read, check and insert every seed file, collecting the problems.
fn check(loader: &mut Loader<'_, '_>) {
    loader.check_file_set();
    let docs = loader.documents();
    // The documents' own problems come first, then what they explain.
    let after_documents = loader.problems.len();
    let mut quotes = Quotes::new(&docs);
    loader.areas(&docs);
    loader.partners();
    loader.aliases();
    for spec in &FACTS {
        loader.facts(spec, &mut quotes);
    }
    for spec in &FACTS {
        loader.links(spec);
    }
    loader.figures(&mut quotes);
    if let Some(message) = quotes.most_missing() {
        loader.problems.insert(
            after_documents,
            Problem {
                file: "documents.csv".into(),
                line: None,
                message,
            },
        );
    }
    loader.mention_waivers();
    loader.memberships();
    loader.context_dates(&mut quotes);
}

/// Record which files were loaded, with their digests and, for a CSV file,
/// the rows it put in its table.
fn record_files(tx: &Connection, seed: &SeedDir, counts: &[(&str, u64)]) -> rusqlite::Result<()> {
    for name in seed.names() {
        let digest = sha256_hex(seed.get(name).unwrap_or_default());
        let table = name.strip_suffix(".csv");
        let rows = (counts.iter()).find_map(|(t, n)| (Some(*t) == table).then_some(*n as i64));
        tx.execute(
            "INSERT INTO seed_files (name, sha256, rows) VALUES (?1, ?2, ?3)",
            rusqlite::params![name, digest, rows],
        )?;
    }
    Ok(())
}
