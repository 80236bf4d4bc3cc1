//! Reading a table whose cells may be huge (the documents' texts, tens of
//! megabytes each at scale) without holding a row's huge cells at once:
//! SQLite loads every value of a result row when the row is stepped to, so
//! the query leaves out the cells over [`HUGE`] bytes (their lengths are read
//! without loading them) and each is read on its own, by rowid, when the
//! output comes to it.

use std::io;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, Row, Statement};

use super::{ColumnKind, columns};
use crate::output::Cells;

/// A cell longer than this, in bytes, is read on its own.
pub const HUGE: i64 = 1 << 20;

/// SQL names a column or table, quoted.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// How to read one table with its huge cells apart.
pub struct Plan {
    /// The table's columns, in order.
    pub columns: Vec<String>,
    /// Each column, or NULL where huge; then a mask of the huge cells.
    pub sql: String,
    /// For each column that may hold huge values: its index, and the SQL
    /// that reads one value by rowid.
    lone: Vec<(usize, String)>,
}

impl Plan {
    /// The plan for `table`, or `None` when it is a view or has no rowid to
    /// read cells by, or no text column that could hold a huge value.
    pub fn new(conn: &Connection, table: &str) -> rusqlite::Result<Option<Plan>> {
        let rowid_table: bool = conn.query_row(
            "SELECT count(*) > 0 FROM pragma_table_list
              WHERE schema = 'main' AND name = ?1 AND type = 'table' AND NOT wr",
            [table],
            |r| r.get(0),
        )?;
        if !rowid_table {
            return Ok(None);
        }
        let all = columns(conn, table)?;
        let mut lone = Vec::new();
        let mut selected = Vec::new();
        let mut mask = Vec::new();
        for (i, column) in all.iter().enumerate() {
            let name = quoted(&column.name);
            if column.kind != ColumnKind::Text || lone.len() == 62 {
                selected.push(name);
                continue;
            }
            selected.push(format!(
                "CASE WHEN octet_length({name}) > {HUGE} THEN NULL ELSE {name} END"
            ));
            mask.push(format!(
                "((octet_length({name}) > {HUGE}) << {})",
                lone.len()
            ));
            let one = format!("SELECT {name} FROM {} WHERE rowid = ?1", quoted(table));
            lone.push((i, one));
        }
        if lone.is_empty() {
            return Ok(None);
        }
        let sql = format!(
            "SELECT {}, coalesce({}, 0), rowid FROM {}",
            selected.join(", "),
            mask.join(" | "),
            quoted(table)
        );
        let columns = all.into_iter().map(|c| c.name).collect();
        Ok(Some(Plan { columns, sql, lone }))
    }

    /// The statements that read one huge value each, for [`HugeCells`].
    pub fn prepare_lone<'c>(
        &self,
        conn: &'c Connection,
    ) -> rusqlite::Result<Vec<(usize, Statement<'c>)>> {
        self.lone
            .iter()
            .map(|(i, sql)| Ok((*i, conn.prepare(sql)?)))
            .collect()
    }
}

/// One row of a [`Plan`]'s query, its huge cells read one at a time.
pub struct HugeCells<'a, 'c> {
    pub row: &'a Row<'a>,
    pub width: usize,
    pub lone: &'a mut [(usize, Statement<'c>)],
}

impl Cells for HugeCells<'_, '_> {
    fn each(&mut self, each: &mut dyn FnMut(ValueRef<'_>) -> io::Result<()>) -> io::Result<()> {
        let mask: i64 = self.row.get(self.width).map_err(io::Error::other)?;
        let rowid: i64 = self.row.get(self.width + 1).map_err(io::Error::other)?;
        for i in 0..self.width {
            // The k-th column that may be huge has the k-th bit of the mask.
            let slot = self.lone.iter().position(|(column, _)| *column == i);
            match slot.filter(|k| mask & (1 << k) != 0) {
                Some(k) => {
                    let stmt = &mut self.lone[k].1;
                    let mut rows = stmt.query([rowid]).map_err(io::Error::other)?;
                    let row = rows.next().map_err(io::Error::other)?;
                    let row = row.ok_or_else(|| io::Error::other("a row went missing"))?;
                    each(row.get_ref(0).map_err(io::Error::other)?)?;
                }
                None => each(self.row.get_ref(i).map_err(io::Error::other)?)?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use rusqlite::types::Value;

    use super::*;

    /// Every row of `table` as `Plan` and `HugeCells` read it.
    fn read_planned(conn: &Connection, table: &str) -> anyhow::Result<Vec<Vec<Value>>> {
        let plan = Plan::new(conn, table)?.expect("a rowid table with text columns");
        let mut stmt = conn.prepare(&plan.sql)?;
        let mut lone = plan.prepare_lone(conn)?;
        let mut rows = stmt.query([])?;
        let mut read = Vec::new();
        while let Some(row) = rows.next()? {
            let mut values = Vec::new();
            let mut cells = HugeCells {
                row,
                width: plan.columns.len(),
                lone: &mut lone,
            };
            cells.each(&mut |value| {
                values.push(Value::try_from(value).map_err(std::io::Error::other)?);
                Ok(())
            })?;
            read.push(values);
        }
        Ok(read)
    }

    #[test]
    fn huge_cells_are_read_alone_and_come_out_the_same() -> anyhow::Result<()> {
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
        let mut stmt = conn.prepare("SELECT * FROM docs")?;
        let expected: Vec<Vec<Value>> = stmt
            .query_map([], |r| (0..4).map(|i| r.get::<_, Value>(i)).collect())?
            .collect::<Result<_, _>>()?;
        assert_eq!(read_planned(&conn, "docs")?, expected);
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
