//! The writing half of a load. The loader validates rows on one thread and
//! hands them, in batches, to a writer thread that owns the connection and
//! inserts them, so that reading and checking the seed and writing it to
//! SQLite run side by side on two cores. A batch keeps its rows' text in one
//! buffer, and emptied batches go back to the loader to be filled again: no
//! allocation per row on either side.

use std::sync::mpsc::{Receiver, Sender, SyncSender};

use anyhow::Context;
use rusqlite::{Connection, OptionalExtension, Statement, Transaction, TransactionBehavior};

use super::Problem;
use super::load::Table;
use super::rows::FACT_FILES;
use crate::progress::Progress;

/// A value of a row to insert, borrowed while the row is copied into a batch.
#[derive(Debug, Clone, Copy)]
pub enum Val<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
}

impl<'a> From<&'a str> for Val<'a> {
    fn from(text: &'a str) -> Val<'a> {
        Val::Text(text)
    }
}

impl<'a> From<&'a String> for Val<'a> {
    fn from(text: &'a String) -> Val<'a> {
        Val::Text(text)
    }
}

impl<'a> From<Option<&'a str>> for Val<'a> {
    fn from(text: Option<&'a str>) -> Val<'a> {
        text.map_or(Val::Null, Val::Text)
    }
}

impl From<i64> for Val<'_> {
    fn from(n: i64) -> Self {
        Val::Int(n)
    }
}

impl From<Option<i64>> for Val<'_> {
    fn from(n: Option<i64>) -> Self {
        n.map_or(Val::Null, Val::Int)
    }
}

/// A value as a batch stores it: text is a range of the batch's buffer.
#[derive(Debug, Clone, Copy)]
enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text { start: usize, end: usize },
}

/// Which prepared statement a row goes to, and where it came from.
#[derive(Debug, Clone, Copy)]
struct RowMeta {
    statement: usize,
    cells: usize,
    file: &'static str,
    line: u64,
}

/// Rows on their way to the writer.
#[derive(Debug, Default)]
pub struct Batch {
    text: String,
    cells: Vec<Cell>,
    rows: Vec<RowMeta>,
}

impl Batch {
    fn clear(&mut self) {
        self.text.clear();
        self.cells.clear();
        self.rows.clear();
    }
}

/// What the loader sends.
pub enum Message {
    Rows(Batch),
    /// No more rows: commit if `commit`, else roll everything back.
    Finish {
        commit: bool,
    },
}

/// Rows per batch, and text per batch, before it is sent.
const BATCH_ROWS: usize = 2048;
const BATCH_TEXT: usize = 1 << 20;

/// The loader's end of the pipe.
pub struct Out {
    batch: Batch,
    to_writer: SyncSender<Message>,
    returned: Receiver<Batch>,
    /// The writer stopped (it failed); rows are dropped, and the writer's
    /// error is what the load reports.
    closed: bool,
}

impl Out {
    pub fn new(to_writer: SyncSender<Message>, returned: Receiver<Batch>) -> Out {
        Out {
            batch: Batch::default(),
            to_writer,
            returned,
            closed: false,
        }
    }

    /// Queue a row of `table`; `file` and `line` name it in an error. The
    /// values come in the order of the table's columns, one for each.
    pub fn row<'v>(
        &mut self,
        table: Table,
        file: &'static str,
        line: u64,
        values: impl IntoIterator<Item = Val<'v>>,
    ) {
        if self.closed {
            return;
        }
        let batch = &mut self.batch;
        let before = batch.cells.len();
        for value in values {
            batch.cells.push(match value {
                Val::Null => Cell::Null,
                Val::Int(n) => Cell::Int(n),
                Val::Real(x) => Cell::Real(x),
                Val::Text(text) => {
                    let start = batch.text.len();
                    batch.text.push_str(text);
                    Cell::Text {
                        start,
                        end: batch.text.len(),
                    }
                }
            });
        }
        let cells = batch.cells.len() - before;
        assert_eq!(
            cells,
            table.arity(),
            "a row of {} has {cells} values",
            table.name()
        );
        batch.rows.push(RowMeta {
            statement: table.index(),
            cells,
            file,
            line,
        });
        if batch.rows.len() >= BATCH_ROWS || batch.text.len() >= BATCH_TEXT {
            self.send();
        }
    }

    fn send(&mut self) {
        if self.batch.rows.is_empty() || self.closed {
            return;
        }
        let empty = self.returned.try_recv().unwrap_or_default();
        let full = std::mem::replace(&mut self.batch, empty);
        if self.to_writer.send(Message::Rows(full)).is_err() {
            self.closed = true;
        }
    }

    /// Send what is left and say whether to commit.
    pub fn finish(mut self, commit: bool) {
        self.send();
        let _ = self.to_writer.send(Message::Finish { commit });
    }
}

/// The writer thread: in one transaction, empty the tables the seed owns,
/// insert every row, then rebuild the indexes and the full-text index, check
/// every reference, run the caller's `before_commit` in the same transaction
/// and commit; or, when the loader found a problem or SQLite refused a row,
/// roll it all back. Returns the rows SQLite refused, as problems.
pub fn run(
    conn: &mut Connection,
    statements: &[String],
    owned: &[&str],
    pipe: (Receiver<Message>, Sender<Batch>),
    before_commit: impl FnOnce(&Connection) -> anyhow::Result<()>,
) -> anyhow::Result<Vec<Problem>> {
    let (from_loader, give_back) = pipe;
    let progress = Progress::new("rows loaded", None);
    progress.step("seeding: checking and loading rows");
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for table in owned {
        tx.execute(&format!("DELETE FROM {table}"), [])
            .with_context(|| format!("emptying {table}"))?;
    }
    // Indexes are built once at the end, from sorted keys, rather than kept
    // up to date row by row. The triggers that hold columns to their
    // vocabularies and figures to their facts are set aside too (row by row
    // they took a third of a load): the loader checked every row, and
    // `check_figures` checks the one reference no declared key covers, for
    // all rows at once, before they are put back.
    let indexes = drop_schema(&tx, "index", owned)?;
    let triggers = drop_schema(&tx, "trigger", owned)?;
    let mut prepared: Vec<Statement<'_>> = statements
        .iter()
        .map(|sql| tx.prepare(sql).with_context(|| format!("preparing {sql}")))
        .collect::<anyhow::Result<_>>()?;
    let mut problems = Vec::new();
    let mut commit = false;
    for message in from_loader {
        match message {
            Message::Rows(mut batch) => {
                insert(&mut prepared, &batch, &mut problems);
                progress.inc(batch.rows.len() as u64);
                batch.clear();
                let _ = give_back.send(batch);
            }
            Message::Finish { commit: asked } => {
                commit = asked;
                break;
            }
        }
    }
    drop(prepared);
    if !commit || !problems.is_empty() {
        return Ok(problems);
    }
    progress.step("seeding: building indexes");
    for sql in indexes.iter().chain(&triggers) {
        tx.execute(sql, [])
            .context("rebuilding indexes and triggers")?;
    }
    progress.step("seeding: checking figures");
    check_figures(&tx)?;
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
    Ok(problems)
}

/// Drop the secondary indexes or the triggers (`kind`) of the given tables,
/// returning the SQL that recreates them.
fn drop_schema(tx: &Transaction<'_>, kind: &str, tables: &[&str]) -> anyhow::Result<Vec<String>> {
    let mut stmt = tx.prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = ?1 AND sql IS NOT NULL
          AND tbl_name IN (SELECT value FROM json_each(?2)) ORDER BY name",
    )?;
    let tables = serde_json::to_string(tables)?;
    let found: Vec<(String, String)> = stmt
        .query_map([kind, &tables], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (name, _) in &found {
        tx.execute(&format!("DROP {kind} \"{name}\""), [])?;
    }
    Ok(found.into_iter().map(|(_, sql)| sql).collect())
}

/// The loader checked every reference before it sent a row (declared keys
/// and vocabulary terms alike), so SQLite's own pass over every foreign key
/// is not repeated here: it took an eighth of a load at 10^5 and 10^6
/// facts, and `apsc check` runs it. A figure's fact, which no declared key
/// covers and whose trigger was set aside, is looked up here: one
/// primary-key lookup per figure, in the table it names.
fn check_figures(tx: &Transaction<'_>) -> anyhow::Result<()> {
    let cases: String = FACT_FILES
        .iter()
        .map(|f| {
            format!(
                " WHEN '{0}' THEN EXISTS (SELECT 1 FROM {0} WHERE id = fact_id)",
                f.table
            )
        })
        .collect();
    let orphan: Option<String> = tx
        .query_row(
            &format!(
                "SELECT id FROM figures WHERE fact_table IS NOT NULL
                   AND NOT CASE fact_table{cases} ELSE 0 END LIMIT 1"
            ),
            [],
            |row| row.get(0),
        )
        .optional()?;
    if let Some(id) = orphan {
        anyhow::bail!("figure {id} names a fact that is not there; nothing was loaded");
    }
    Ok(())
}

fn insert(prepared: &mut [Statement<'_>], batch: &Batch, problems: &mut Vec<Problem>) {
    let mut cells = batch.cells.iter();
    for row in &batch.rows {
        let stmt = &mut prepared[row.statement];
        let mut bound = Ok(());
        for (i, cell) in cells.by_ref().take(row.cells).enumerate() {
            let index = i + 1;
            let result = match *cell {
                Cell::Null => stmt.raw_bind_parameter(index, rusqlite::types::Null),
                Cell::Int(n) => stmt.raw_bind_parameter(index, n),
                Cell::Real(x) => stmt.raw_bind_parameter(index, x),
                Cell::Text { start, end } => {
                    stmt.raw_bind_parameter(index, &batch.text[start..end])
                }
            };
            if bound.is_ok() {
                bound = result;
            }
        }
        if let Err(err) = bound.and_then(|_| stmt.raw_execute().map(|_| ())) {
            problems.push(Problem {
                file: row.file.to_string(),
                line: Some(row.line),
                message: format!("the database refused the row: {err}"),
            });
        }
    }
}
