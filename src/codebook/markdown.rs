//! The codebook's Markdown from the database: rows and single values read
//! as text, the notes on tables and columns, and tables of safe cells.

use std::fmt::Write as _;

use rusqlite::{Connection, OptionalExtension};

use crate::output::{Blob, cell_text};

/// Text made safe inside a Markdown table cell: one line, pipes escaped.
pub fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

/// Rows of `sql`, every column read as text (NULL as empty).
pub fn rows(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<Vec<String>>> {
    let mut stmt = conn.prepare(sql)?;
    let width = stmt.column_count();
    let rows = stmt.query_map([], |row| {
        (0..width)
            .map(|i| Ok(cell_text(row.get_ref(i)?, Blob::Size)))
            .collect()
    })?;
    rows.collect()
}

/// The first column of the first row of `sql`, or empty.
pub fn value(conn: &Connection, sql: &str) -> rusqlite::Result<String> {
    let first = rows(conn, sql)?.into_iter().next();
    Ok(first.map(|row| row[0].clone()).unwrap_or_default())
}

/// The note on `table`'s `column` ("" for the table itself), or empty.
pub fn note(conn: &Connection, table: &str, column: &str) -> rusqlite::Result<String> {
    let sql = "SELECT note FROM column_notes WHERE table_name = ?1 AND column_name = ?2";
    let note = conn
        .query_row(sql, [table, column], |row| row.get(0))
        .optional()?;
    Ok(note.flatten().unwrap_or_default())
}

/// A Markdown table: `head` (its header and rule lines), then a line for
/// each row of `sql`, every cell made safe, then a blank line.
pub fn table(conn: &Connection, out: &mut String, head: &str, sql: &str) -> anyhow::Result<()> {
    writeln!(out, "{head}")?;
    for row in rows(conn, sql)? {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(writeln!(out)?)
}
