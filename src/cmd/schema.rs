//! `apsc schema`: the tables and views of the database, their columns and
//! row counts.

use clap::Args;
use rusqlite::types::Value;
use std::path::Path;

use crate::db::{self, catalog};
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
    // Tables (the search index among them) first, then views.
    let mut objects = catalog::relations(&conn)?;
    objects.sort_by_key(|r| r.kind == "view");
    let mut rows = Vec::with_capacity(objects.len());
    // A view's rows are counted by running it: on a large database that
    // takes a while, so a terminal shows which one is being counted.
    let progress = Progress::new("tables and views counted", Some(objects.len() as u64));
    for catalog::Relation { name, kind } in objects {
        progress.step(format!("counting the rows of {name}"));
        // Generated columns are listed too (`table_xinfo`); a virtual
        // table's own hidden columns are not.
        let (columns, count): (String, i64) = conn.query_row(
            &format!(
                "SELECT (SELECT group_concat(name || iif(type = '', '', ' ' || type), ', '
                                             ORDER BY cid)
                           FROM pragma_table_xinfo(?1) WHERE hidden <> 1),
                        (SELECT count(*) FROM \"{name}\")"
            ),
            [&name],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        rows.push(vec![
            Value::Text(name),
            Value::Text(kind),
            Value::Integer(count),
            Value::Text(columns),
        ]);
        progress.inc(1);
    }
    progress.finish();
    printer.rows(&["name", "type", "rows", "columns"], rows)?;
    printer.finish()
}
