//! The loader: reads the seed files in dependency order and checks every row,
//! while a writer thread ([`super::write`]) puts the checked rows into the
//! database, all inside one transaction that commits only when no problem was
//! found. Every problem is collected, as `file:line: what is wrong`, so one
//! run reports them all.
//!
//! This module runs the load; [`loader`] holds the checks every file shares,
//! [`documents`], [`partners`] and [`facts`] check their files, [`quotes`]
//! places quotes in the text and [`tables`] describes what rows are written.

mod documents;
mod facts;
mod lines;
mod loader;
mod partners;
mod quotes;
mod tables;
mod waivers;

use std::collections::HashMap;
use std::sync::mpsc;
use std::thread;

use rusqlite::Connection;

use super::rows::FACT_FILES as FACTS;
use super::text::QuoteFinder;
use super::write::{self, Out};
use super::{Problem, Problems, SeedDir};
use loader::Loader;
use quotes::Quotes;
pub(super) use tables::Table;

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

/// The tables the seed owns, children first: the order to empty them in.
const OWNED_TABLES: &[&str] = &[
    "mention_waivers",
    "figures",
    "meeting_partners",
    "exercise_partners",
    "agreement_partners",
    "operation_partners",
    "statement_partners",
    "meetings",
    "exercises",
    "agreements",
    "operations",
    "statements",
    "partner_aliases",
    "partners",
    "areas",
    "sentences",
    "passages",
    "omissions",
    "corrections",
    "documents",
    "seed_files",
];

/// Load `seed` into the database, replacing what an earlier seed loaded.
/// `before_commit` runs last, inside the load's transaction, so that what the
/// caller derives from the seed (the report views) commits with it or not at
/// all. On any problem nothing is written and the error is [`Problems`].
pub fn load(
    conn: &mut Connection,
    seed: &SeedDir,
    before_commit: impl FnOnce(&Connection) -> anyhow::Result<()> + Send,
) -> anyhow::Result<Summary> {
    let mut settings = LoadSettings::apply(conn)?;
    let vocab = vocabulary(settings.conn)?;
    let statements = tables::statements();
    let conn: &mut Connection = settings.conn;
    let (to_writer, from_loader) = mpsc::sync_channel(4);
    let (give_back, returned) = mpsc::channel();
    let (written, (mut problems, counts)) = thread::scope(|scope| {
        let pipe = (from_loader, give_back);
        let writer =
            scope.spawn(|| write::run(conn, &statements, OWNED_TABLES, pipe, before_commit));
        let checked = check(seed, vocab, Out::new(to_writer, returned));
        let written = writer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (written, checked)
    });
    problems.extend(written?);
    if !problems.is_empty() {
        return Err(Problems(problems).into());
    }
    settings.restore()?;
    Ok(Summary {
        origin: seed.origin.clone(),
        counts,
    })
}

/// Read and check every seed file, handing the rows to the writer; tell it
/// to commit only if nothing was wrong. Returns the problems and the counts.
fn check(
    seed: &SeedDir,
    vocab: HashMap<String, Vec<String>>,
    out: Out,
) -> (Vec<Problem>, Vec<(&'static str, u64)>) {
    let mut loader = Loader::new(seed, vocab, out);
    loader.check_file_set();
    let docs = loader.documents();
    // The documents' own problems come first, then what they explain.
    let after_documents = loader.problems.len();
    let mut finders: Vec<QuoteFinder<'_>> = docs
        .iter()
        .map(|doc| QuoteFinder::new(&doc.text, doc.sentences.iter().copied()))
        .collect();
    let mut quotes = Quotes::new(&docs, &mut finders);
    loader.areas(&docs);
    loader.partners();
    loader.aliases();
    for (i, spec) in FACTS.iter().enumerate() {
        loader.facts(i, spec, &mut quotes);
    }
    for (i, spec) in FACTS.iter().enumerate() {
        loader.links(i, spec);
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
    if loader.ok() {
        loader.record_files();
    }
    let commit = loader.ok();
    loader.out.finish(commit);
    (loader.problems, loader.counts)
}

/// The vocabularies the migrations define, by domain.
fn vocabulary(conn: &Connection) -> anyhow::Result<HashMap<String, Vec<String>>> {
    let mut vocab: HashMap<String, Vec<String>> = HashMap::new();
    let mut stmt = conn.prepare("SELECT domain, term FROM vocabulary ORDER BY domain, term")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        vocab.entry(row.get(0)?).or_default().push(row.get(1)?);
    }
    Ok(vocab)
}

/// The connection settings a load runs under, restored when it ends however
/// it ends.
struct LoadSettings<'c> {
    conn: &'c mut Connection,
    restored: bool,
}

impl<'c> LoadSettings<'c> {
    fn apply(conn: &'c mut Connection) -> anyhow::Result<LoadSettings<'c>> {
        // Keep every change in memory until commit, so that readers are held
        // off for the commit itself, never for the whole load.
        conn.pragma_update(None, "cache_spill", false)?;
        // Every reference is checked before a row is written; checking each
        // row as it goes in as well would only be slower (`apsc check` runs
        // SQLite's own pass over every key).
        conn.pragma_update(None, "foreign_keys", false)?;
        Ok(LoadSettings {
            conn,
            restored: false,
        })
    }

    fn restore(&mut self) -> rusqlite::Result<()> {
        self.restored = true;
        self.conn.pragma_update(None, "foreign_keys", true)?;
        self.conn.pragma_update(None, "cache_spill", true)
    }
}

impl Drop for LoadSettings<'_> {
    fn drop(&mut self) {
        if !self.restored {
            let _ = self.restore();
        }
    }
}
