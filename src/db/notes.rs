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
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
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

/// Each described relation's own note, and for each of its columns the
/// relation's note, else the shared one (`?1`: the notes, `?2`: the
/// relations, as JSON), in the order of the relations and their columns.
const EXPANDED: &str = "
WITH notes AS MATERIALIZED (
    SELECT value->>'table' AS tbl, value->>'column' AS col, value->>'note' AS note
      FROM json_each(?1)),
places AS MATERIALIZED (
    SELECT r.value AS tbl, '' AS col, r.key AS at, -1 AS cid FROM json_each(?2) r
     UNION ALL
    SELECT r.value, c.name, r.key, c.cid
      FROM json_each(?2) r JOIN pragma_table_xinfo(r.value) c WHERE c.hidden <> 1)
SELECT tbl, col, note FROM (
    SELECT p.tbl, p.col, p.at, p.cid, coalesce(
             (SELECT note FROM notes n WHERE n.tbl = p.tbl AND n.col = p.col),
             (SELECT note FROM notes n WHERE n.tbl = '*' AND n.col = p.col AND p.col <> ''))
             AS note
      FROM places p)
 WHERE note IS NOT NULL ORDER BY at, cid";

/// Rewrite `column_notes`. Runs inside the caller's transaction.
pub fn install(conn: &Connection) -> anyhow::Result<()> {
    let notes = serde_json::to_string(&written())?;
    let relations: Vec<String> = catalog::described(conn)?
        .into_iter()
        .map(|r| r.name)
        .collect();
    let relations = serde_json::to_string(&relations)?;
    conn.execute("DELETE FROM column_notes", [])?;
    let sql = format!("INSERT INTO column_notes (table_name, column_name, note) {EXPANDED}");
    conn.execute(&sql, [notes, relations])
        .context("reading the schema for its notes")?;
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
