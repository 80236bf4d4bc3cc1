//! The column notes: what every table, view and column holds, written in
//! `schema/columns.csv` (compiled in) and kept in the database's
//! `column_notes` table, so that any SQLite tool, the Datasette metadata and
//! the codebook read the same words. A note for table `*` serves every
//! table and view with that column, unless one names the table itself; the
//! column "" holds the note on the table. apsc rewrites the table whenever it
//! writes the report views, and leaves a stamp of its notes in
//! `PRAGMA user_version` (see `db::install_catalog`).

use anyhow::Context;
use rusqlite::Connection;

use super::catalog;

/// The notes as written, compiled in.
pub const SOURCE: &str = include_str!("../../schema/columns.csv");

/// One note: the table (`*` for any), the column ("" for the table), the words.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Note {
    pub table: String,
    pub column: String,
    pub note: String,
}

/// Every note as written.
pub fn written() -> Vec<Note> {
    csv::Reader::from_reader(SOURCE.as_bytes())
        .deserialize()
        .collect::<Result<_, _>>()
        .expect("schema/columns.csv is read by a test")
}

/// The notes every table, view and column of this database gets: each
/// relation's own note, and for each column its relation's note, else the
/// shared one.
pub fn expanded(conn: &Connection) -> rusqlite::Result<Vec<Note>> {
    let notes = written();
    let find = |table: &str, column: &str| {
        notes
            .iter()
            .find(|n| n.table == table && n.column == column)
            .or_else(|| {
                (!column.is_empty())
                    .then(|| notes.iter().find(|n| n.table == "*" && n.column == column))
                    .flatten()
            })
            .map(|n| n.note.clone())
    };
    let mut out = Vec::new();
    for relation in catalog::described(conn)? {
        let relation = relation.name;
        let columns = catalog::column_names(conn, &relation)?;
        for column in std::iter::once(String::new()).chain(columns) {
            if let Some(note) = find(&relation, &column) {
                out.push(Note {
                    table: relation.clone(),
                    column,
                    note,
                });
            }
        }
    }
    Ok(out)
}

/// Rewrite `column_notes`. Runs inside the caller's transaction.
pub fn install(conn: &Connection) -> anyhow::Result<()> {
    let notes = expanded(conn).context("reading the schema for its notes")?;
    conn.execute("DELETE FROM column_notes", [])?;
    let mut insert = conn
        .prepare("INSERT INTO column_notes (table_name, column_name, note) VALUES (?1, ?2, ?3)")?;
    for n in notes {
        insert.execute([&n.table, &n.column, &n.note])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notes_file_reads_and_names_each_place_once() {
        let notes = written();
        assert!(notes.len() > 50);
        let mut places: Vec<(&str, &str)> = notes
            .iter()
            .map(|n| (n.table.as_str(), n.column.as_str()))
            .collect();
        places.sort();
        let before = places.len();
        places.dedup();
        assert_eq!(places.len(), before, "a table and column noted twice");
        assert!(notes.iter().all(|n| !n.note.trim().is_empty()));
    }
}
