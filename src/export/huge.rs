//! Reading a table whose cells may be huge (the documents' texts, tens of
//! megabytes each at scale) without ever holding a huge cell whole: SQLite
//! loads every value of a result row when the row is stepped to, so the
//! query leaves out the cells over a threshold ([`HUGE`] bytes; their lengths
//! are read without loading them) and each is read in pieces, through
//! SQLite's incremental blob I/O, when the output comes to it.

use rusqlite::blob::Blob;
use rusqlite::{Connection, MAIN_DB, Row};

use super::{Column, ColumnKind, columns};

/// A cell longer than this, in bytes, is read in pieces.
pub const HUGE: i64 = 1 << 20;

/// How many bytes of a huge cell are read at a time.
const PIECE: usize = 1 << 16;

/// SQL names a column or table, quoted.
pub fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// How to read one table with its huge cells apart.
pub struct Plan {
    table: String,
    /// The table's columns, in order, typed as they are declared.
    pub columns: Vec<Column>,
    /// The indexes of the columns that may hold huge values; the k-th has
    /// the k-th bit of the mask.
    lone: Vec<usize>,
    /// Cells over this many bytes are huge.
    huge: i64,
}

impl Plan {
    /// The plan for `table`, or `None` when it is a view or has no rowid to
    /// read cells by, or no text column that could hold a huge value, or
    /// its text is not stored as UTF-8 (then it is read whole).
    pub fn new(conn: &Connection, table: &str) -> rusqlite::Result<Option<Plan>> {
        Plan::with_threshold(conn, table, HUGE)
    }

    /// The plan with cells over `huge` bytes read in pieces.
    pub fn with_threshold(
        conn: &Connection,
        table: &str,
        huge: i64,
    ) -> rusqlite::Result<Option<Plan>> {
        let rowid_table: bool = conn.query_row(
            "SELECT count(*) > 0 FROM pragma_table_list
              WHERE schema = 'main' AND name = ?1 AND type = 'table' AND NOT wr",
            [table],
            |r| r.get(0),
        )?;
        let encoding: String = conn.query_row("PRAGMA encoding", [], |r| r.get(0))?;
        if !rowid_table || encoding != "UTF-8" {
            return Ok(None);
        }
        let all = columns(conn, table)?;
        let lone: Vec<usize> = all
            .iter()
            .enumerate()
            .filter(|(_, column)| column.kind == ColumnKind::Text)
            .map(|(i, _)| i)
            .take(62)
            .collect();
        if lone.is_empty() {
            return Ok(None);
        }
        Ok(Some(Plan {
            table: table.to_string(),
            columns: all,
            lone,
            huge,
        }))
    }

    /// The query: each column as `cell` makes it from its quoted name (NULL
    /// where huge), then a mask of the huge cells, then the rowid.
    pub fn sql(&self, cell: impl Fn(&str) -> String) -> String {
        let huge = self.huge;
        let mut selected = Vec::new();
        let mut mask = Vec::new();
        for (i, column) in self.columns.iter().enumerate() {
            let name = quoted(&column.name);
            match self.lone.iter().position(|c| *c == i) {
                None => selected.push(format!("{} AS {name}", cell(&name))),
                Some(k) => {
                    selected.push(format!(
                        "CASE WHEN octet_length({name}) > {huge} THEN NULL ELSE {} END AS {name}",
                        cell(&name)
                    ));
                    // A NULL is not huge (and must not make the mask NULL).
                    mask.push(format!(
                        "(coalesce(octet_length({name}) > {huge}, 0) << {k})"
                    ));
                }
            }
        }
        format!(
            "SELECT {}, {}, rowid FROM {}",
            selected.join(", "),
            mask.join(" | "),
            quoted(&self.table)
        )
    }

    /// Which cells of a row of [`sql`](Plan::sql) are huge, and the row's rowid.
    pub fn huge_cells(&self, row: &Row<'_>) -> rusqlite::Result<HugeRow> {
        let width = self.columns.len();
        Ok(HugeRow {
            mask: row.get(width)?,
            rowid: row.get(width + 1)?,
        })
    }

    /// Whether column `i` is huge in `row`.
    pub fn is_huge(&self, row: &HugeRow, i: usize) -> bool {
        self.lone
            .iter()
            .position(|c| *c == i)
            .is_some_and(|k| row.mask & (1 << k) != 0)
    }

    /// Open column `i`'s huge cell in `row` for reading in pieces.
    pub fn open<'c>(
        &self,
        conn: &'c Connection,
        row: &HugeRow,
        i: usize,
    ) -> rusqlite::Result<HugeCell<'c>> {
        let column = &self.columns[i].name;
        let sql = format!(
            "SELECT typeof({}) = 'blob' FROM {} WHERE rowid = ?1",
            quoted(column),
            quoted(&self.table)
        );
        let is_blob = conn.query_row(&sql, [row.rowid], |r| r.get(0))?;
        let blob = conn.blob_open(
            MAIN_DB,
            self.table.as_str(),
            column.as_str(),
            row.rowid,
            true,
        )?;
        Ok(HugeCell { blob, is_blob })
    }
}

/// The huge cells of one row.
pub struct HugeRow {
    mask: i64,
    rowid: i64,
}

/// One huge cell, open for reading in pieces.
pub struct HugeCell<'c> {
    blob: Blob<'c>,
    /// A blob, not text.
    pub is_blob: bool,
}

impl HugeCell<'_> {
    /// The cell's length in bytes.
    pub fn len(&self) -> usize {
        self.blob.len()
    }

    /// Whether the cell holds no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Hand the cell's bytes to `each` in pieces, in order, starting at
    /// `start`, until `each` says to stop (`Ok(false)`) or the cell ends.
    pub fn pieces<E>(
        &self,
        start: usize,
        mut each: impl FnMut(&[u8]) -> Result<bool, E>,
    ) -> Result<(), E>
    where
        E: From<rusqlite::Error>,
    {
        let mut buf = vec![0; PIECE];
        let mut at = start;
        while at < self.len() {
            let n = self.blob.read_at(&mut buf, at)?;
            if n == 0 || !each(&buf[..n])? {
                break;
            }
            at += n;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use rusqlite::types::Value;

    use super::*;

    /// Every row of `table` as a plan reads it, huge cells gathered from
    /// their pieces.
    fn read_planned(conn: &Connection, table: &str, huge: i64) -> anyhow::Result<Vec<Vec<Value>>> {
        let plan = Plan::with_threshold(conn, table, huge)?.expect("a rowid table with text");
        let mut stmt = conn.prepare(&plan.sql(|c| c.to_string()))?;
        let mut rows = stmt.query([])?;
        let mut read = Vec::new();
        while let Some(row) = rows.next()? {
            let cells = plan.huge_cells(row)?;
            let mut values = Vec::new();
            for i in 0..plan.columns.len() {
                if !plan.is_huge(&cells, i) {
                    values.push(row.get::<_, Value>(i)?);
                    continue;
                }
                let cell = plan.open(conn, &cells, i)?;
                let mut bytes = Vec::new();
                cell.pieces(0, |piece| {
                    assert!(piece.len() <= PIECE);
                    bytes.extend_from_slice(piece);
                    Ok::<_, anyhow::Error>(true)
                })?;
                values.push(if cell.is_blob {
                    Value::Blob(bytes)
                } else {
                    Value::Text(String::from_utf8(bytes)?)
                });
            }
            read.push(values);
        }
        Ok(read)
    }

    fn read_whole(conn: &Connection, table: &str) -> anyhow::Result<Vec<Vec<Value>>> {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table}"))?;
        let width = stmt.column_count();
        let rows = stmt
            .query_map([], |r| (0..width).map(|i| r.get::<_, Value>(i)).collect())?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    #[test]
    fn huge_cells_are_read_in_pieces_and_come_out_the_same() -> anyhow::Result<()> {
        let conn = Connection::open_in_memory()?;
        conn.execute_batch(
            "CREATE TABLE docs (id INTEGER PRIMARY KEY, source TEXT, body TEXT, n INTEGER);",
        )?;
        let huge = "é".repeat(HUGE as usize);
        let rows = [
            (Some(huge.clone()), Some(format!("{huge}!")), 1),
            (Some("small".to_string()), Some(huge.clone()), 2),
            (None, Some("also small".to_string()), 3),
        ];
        for (source, body, n) in &rows {
            conn.execute(
                "INSERT INTO docs (source, body, n) VALUES (?1, ?2, ?3)",
                rusqlite::params![source, body, n],
            )?;
        }
        conn.execute(
            "INSERT INTO docs (source, body, n) VALUES (?1, 'a blob', 4)",
            [vec![7u8; 3 * PIECE + 5]],
        )?;
        assert_eq!(
            read_planned(&conn, "docs", HUGE)?,
            read_whole(&conn, "docs")?
        );
        Ok(())
    }

    #[test]
    fn a_null_beside_a_huge_cell_does_not_hide_it() -> anyhow::Result<()> {
        // A NULL in any text column once made the whole row's mask NULL, and
        // its huge cells came out empty.
        let conn = Connection::open_in_memory()?;
        conn.execute_batch("CREATE TABLE docs (id INTEGER PRIMARY KEY, text TEXT, url TEXT);")?;
        let huge = "x".repeat(100);
        conn.execute(
            "INSERT INTO docs (text, url) VALUES (?1, NULL), (?1, 'https://example.org')",
            [&huge],
        )?;
        let read = read_planned(&conn, "docs", 50)?;
        for row in &read {
            assert_eq!(row[1], Value::Text(huge.clone()));
        }
        assert_eq!(read[0][2], Value::Null);
        Ok(())
    }

    #[test]
    fn views_and_tables_without_rowid_are_read_whole() -> anyhow::Result<()> {
        let conn = Connection::open_in_memory()?;
        conn.execute_batch(
            "CREATE TABLE links (a TEXT, b TEXT, PRIMARY KEY (a, b)) WITHOUT ROWID;
             CREATE VIEW v AS SELECT a FROM links;",
        )?;
        assert!(Plan::new(&conn, "links")?.is_none());
        assert!(Plan::new(&conn, "v")?.is_none());
        Ok(())
    }
}
