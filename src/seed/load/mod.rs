//! The loader: reads the seed files in dependency order, checks every row and
//! inserts it, all inside one transaction that commits only when no problem
//! was found. The schema's keys and CHECKs hold each row as it goes in, and
//! each rule a row breaks is said as `file:line: what is wrong` ([`refusal`]);
//! the loader itself checks what the schema cannot: references (with what
//! was meant), quotes found in the text, dates against their words. Every
//! problem of a seed is told in one run.
//!
//! This module runs the load; [`loader`] reads the files and writes rows,
//! [`documents`], [`partners`] and [`facts`] check their files, [`quotes`]
//! places quotes in the text.

mod documents;
mod facts;
mod lines;
mod loader;
mod partners;
mod quotes;
mod refusal;
mod waivers;

use std::collections::HashMap;

use anyhow::Context;
use rusqlite::{Connection, TransactionBehavior};

use super::rows::{FACT_FILES as FACTS, SEED_FILES};
use super::{Problem, Problems, SeedDir};
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
    let vocab = vocabulary(conn)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Every reference is the loader's to name, at its line: the keys only
    // have to hold at commit (so the seed's tables empty in any order).
    tx.pragma_update(None, "defer_foreign_keys", true)?;
    let tables = SEED_FILES.iter().map(|file| file.trim_end_matches(".csv"));
    for table in tables.chain(["passages", "sentences", "seed_files"]) {
        tx.execute(&format!("DELETE FROM {table}"), [])
            .with_context(|| format!("emptying {table}"))?;
    }
    let mut loader = Loader::new(seed, vocab, &tx);
    check(&mut loader);
    if !loader.ok() {
        // Dropping the transaction rolls every row back.
        return Err(Problems(loader.problems).into());
    }
    let counts = loader.counts;
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
    if loader.ok() {
        loader.record_files();
    }
}

/// The vocabularies the schema defines, by domain.
fn vocabulary(conn: &Connection) -> anyhow::Result<HashMap<String, Vec<String>>> {
    let mut vocab: HashMap<String, Vec<String>> = HashMap::new();
    let mut stmt = conn.prepare("SELECT domain, term FROM vocabulary ORDER BY domain, term")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        vocab.entry(row.get(0)?).or_default().push(row.get(1)?);
    }
    Ok(vocab)
}
