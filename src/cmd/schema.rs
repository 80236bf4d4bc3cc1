//! `apsc schema`: the tables and views of the database, their columns and
//! row counts.

use clap::Args;
use rusqlite::types::Value;
use std::path::Path;

use crate::db;
use crate::output::OutputArgs;
use crate::progress::Progress;

const EXAMPLES: &str = "\
Examples:
  apsc schema
  apsc schema --format markdown

The vocabulary table explains every controlled term:
  apsc sql \"SELECT * FROM vocabulary WHERE domain = 'china_role'\"";

/// Show the tables and views, their columns and row counts.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct SchemaArgs {
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(db_path: &Path, args: &SchemaArgs) -> anyhow::Result<()> {
    let mut printer = args.output.printer()?;
    let conn = db::open_read(db_path)?;
    let mut stmt = conn.prepare(
        "SELECT name, CASE WHEN sql LIKE 'CREATE VIRTUAL TABLE%' THEN 'virtual table' ELSE type END
           FROM sqlite_master
          WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
            AND name NOT LIKE 'passages\\_fts\\_%' ESCAPE '\\'
          ORDER BY type, name",
    )?;
    let objects: Vec<(String, String)> = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut columns = conn.prepare("SELECT name, type FROM pragma_table_info(?1) ORDER BY cid")?;
    let mut rows = Vec::with_capacity(objects.len());
    // A view's rows are counted by running it: on a large database that
    // takes a while, so a terminal shows which one is being counted.
    let progress = Progress::new("tables and views counted", Some(objects.len() as u64));
    for (name, kind) in objects {
        progress.step(format!("counting the rows of {name}"));
        let cols: Vec<String> = columns
            .query_map([&name], |row| {
                let (column, ty): (String, String) = (row.get(0)?, row.get(1)?);
                Ok(if ty.is_empty() {
                    column
                } else {
                    format!("{column} {ty}")
                })
            })?
            .collect::<Result<_, _>>()?;
        let count: i64 =
            conn.query_row(&format!("SELECT count(*) FROM \"{name}\""), [], |row| {
                row.get(0)
            })?;
        rows.push(vec![
            Value::Text(name),
            Value::Text(kind),
            Value::Integer(count),
            Value::Text(cols.join(", ")),
        ]);
        progress.inc(1);
    }
    progress.finish();
    printer.rows(&["name", "type", "rows", "columns"], rows)?;
    printer.finish()
}
