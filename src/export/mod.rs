//! Exports for other tools: the partner network as a graph, the workbook,
//! the Frictionless data package, and the tables worth exporting.

pub mod datapackage;
pub mod datasette;
pub mod folder;
pub mod graph;
pub mod workbook;

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::Path;

use anyhow::Context;
use rusqlite::Connection;
use rusqlite::types::ValueRef;

use crate::db::catalog;
use crate::output::Target;

/// What the Excel dialect (`--excel`) does to text, for the files that
/// describe an export.
pub const EXCEL_NOTE: &str = "text that begins with = + - @, a tab or a carriage return is \
                              prefixed with an apostrophe";

/// One exported file, for the README, the codebook and the data package.
pub struct Exported {
    pub file: String,
    pub rows: u64,
    pub holds: String,
    /// The table or view it was read from.
    pub source: String,
    /// Its columns, typed as the data package describes them.
    pub columns: Vec<Column>,
}

impl Exported {
    /// Its name as a resource: its file's (`report_facts`, also when it
    /// was read from the view that adds the citations).
    pub fn name(&self) -> &str {
        self.file.trim_end_matches(".csv")
    }
}

/// Write `bytes` to `path` whole, as every output is written (see [`Target`]).
pub fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut target = Target::open(path)?;
    target
        .write_all(bytes)
        .with_context(|| format!("writing {}", path.display()))?;
    target.commit()
}

pub use crate::seed::{Document, documents};

/// The description of each table and column that the database itself holds
/// (`column_notes`), by table, then by column ("" for the table itself).
pub fn notes(conn: &Connection) -> rusqlite::Result<BTreeMap<String, BTreeMap<String, String>>> {
    let mut notes: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut stmt = conn.prepare("SELECT table_name, column_name, note FROM column_notes")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    for row in rows {
        let (table, column, note): (String, String, String) = row?;
        notes.entry(table).or_default().insert(column, note);
    }
    Ok(notes)
}

/// A column as exports describe it: its name and the type its values have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub kind: ColumnKind,
}

/// What a column holds, as a spreadsheet or a schema language needs to
/// know; each kind's values are also the kinds before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ColumnKind {
    Integer,
    Number,
    Text,
}

/// The type SQLite's declared type gives a column, if it gives one. `NUM`
/// is not a declaration: it is what SQLite reports for a view's column it
/// only knows to be numeric (a CAST to INTEGER in a UNION ALL), whose
/// values then tell integer from number.
fn declared_kind(declared: &str) -> Option<ColumnKind> {
    let declared = declared.to_ascii_uppercase();
    let has = |words: &[&str]| words.iter().any(|w| declared.contains(w));
    if declared == "NUM" {
        None
    } else if has(&["INT"]) {
        Some(ColumnKind::Integer)
    } else if has(&["CHAR", "TEXT", "CLOB"]) {
        Some(ColumnKind::Text)
    } else if has(&["REAL", "FLOA", "DOUB", "NUM"]) {
        Some(ColumnKind::Number)
    } else {
        None
    }
}

/// SQL's name for a table or column, quoted.
pub fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The columns of a relation as exports describe them, typed as its rows
/// go by: a declared type gives a column its kind (a view's computed column
/// has none), and a column without one takes the kind of the values it
/// holds: integer if every value is an integer, number if every value is a
/// number, else text. An export writes the rows anyway, and learns the
/// kinds from them instead of reading the relation a second time.
pub struct ColumnTypes {
    /// Each column's name, declared kind, and the widest kind of its values.
    columns: Vec<(String, Option<ColumnKind>, ColumnKind)>,
}

impl ColumnTypes {
    /// The columns of `relation` with the kinds their declared types give.
    pub fn declared(conn: &Connection, relation: &str) -> rusqlite::Result<ColumnTypes> {
        let columns = catalog::columns(conn, relation)?
            .into_iter()
            .map(|c| {
                let declared = declared_kind(&c.declared);
                (c.name, declared, ColumnKind::Integer)
            })
            .collect();
        Ok(ColumnTypes { columns })
    }

    /// How many columns.
    pub fn len(&self) -> usize {
        self.columns.len()
    }

    /// Whether the relation has no columns.
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }

    /// One value of column `i`.
    pub fn observe(&mut self, i: usize, value: ValueRef<'_>) {
        let kind = match value {
            ValueRef::Text(_) | ValueRef::Blob(_) => ColumnKind::Text,
            ValueRef::Real(_) => ColumnKind::Number,
            ValueRef::Null | ValueRef::Integer(_) => ColumnKind::Integer,
        };
        let seen = &mut self.columns[i].2;
        *seen = (*seen).max(kind);
    }

    /// The columns, each with its declared kind or the kind of the values seen.
    pub fn columns(self) -> Vec<Column> {
        let columns = self.columns.into_iter();
        columns
            .map(|(name, declared, seen)| Column {
                name,
                kind: declared.unwrap_or(seen),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The columns of `v` as its rows type them.
    fn kinds_of(sql: &str) -> Vec<(String, ColumnKind)> {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(sql).unwrap();
        let mut types = ColumnTypes::declared(&conn, "v").unwrap();
        let mut stmt = conn.prepare("SELECT * FROM v").unwrap();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..types.len() {
                types.observe(i, row.get_ref(i).unwrap());
            }
        }
        types
            .columns()
            .into_iter()
            .map(|c| (c.name, c.kind))
            .collect()
    }

    #[test]
    fn an_untyped_column_takes_the_kind_of_its_values() {
        let found = kinds_of(
            "CREATE TABLE t (n INTEGER, x REAL, s TEXT);
             INSERT INTO t VALUES (1, 1.5, 'a'), (2, NULL, '2'), (NULL, 3, NULL);
             CREATE VIEW v AS
             SELECT n, n + 0 AS ints, x + 0 AS nums, s || '' AS texts,
                    n + 0 AS with_nulls, CASE WHEN n = 1 THEN 2.5 ELSE n + 0 END AS mixed,
                    CASE WHEN n = 2 THEN s ELSE n + 0 END AS some_text
               FROM t;",
        );
        let want = [
            ("n", ColumnKind::Integer),
            ("ints", ColumnKind::Integer),
            ("nums", ColumnKind::Number),
            ("texts", ColumnKind::Text),
            ("with_nulls", ColumnKind::Integer),
            ("mixed", ColumnKind::Number),
            ("some_text", ColumnKind::Text),
        ];
        let want: Vec<(String, ColumnKind)> =
            want.iter().map(|(n, k)| (n.to_string(), *k)).collect();
        assert_eq!(found, want);
    }

    #[test]
    fn a_numeric_view_column_takes_the_kind_of_its_values() {
        let found = kinds_of(
            "CREATE TABLE t (n INTEGER);
             INSERT INTO t VALUES (1), (2);
             CREATE VIEW v AS SELECT * FROM (
               SELECT CAST(n AS INTEGER) AS a, CAST(n AS INTEGER) AS b FROM t
               UNION ALL SELECT CAST(n AS INTEGER), 2.5 FROM t);",
        );
        assert_eq!(
            found,
            vec![
                ("a".to_string(), ColumnKind::Integer),
                ("b".to_string(), ColumnKind::Number),
            ]
        );
    }

    #[test]
    fn a_declared_type_wins_over_the_values() {
        // SQLite lets a column declared INTEGER hold text; the declaration
        // is what the column promises, and what an export describes.
        let found = kinds_of(
            "CREATE TABLE v (n INTEGER, label VARCHAR(10), price DOUBLE);
             INSERT INTO v VALUES ('not a number', 3, 2);",
        );
        assert_eq!(
            found,
            vec![
                ("n".to_string(), ColumnKind::Integer),
                ("label".to_string(), ColumnKind::Text),
                ("price".to_string(), ColumnKind::Number),
            ]
        );
    }
}
