//! What the database holds for a person to read, asked of SQLite in one
//! place: the tables and views (not SQLite's own, the full-text index's
//! shadow tables or the migration history), by name, and the columns of each
//! in order, the derived date columns included.

use rusqlite::Connection;

/// A table or view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub name: String,
    /// `table`, `view` or `virtual table` (the full-text index).
    pub kind: String,
}

/// A column of a table or view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    /// The declared type, empty when there is none.
    pub declared: String,
    /// Its place in the primary key (1, 2, …), 0 when not in it.
    pub key: i64,
}

/// Every table and view a person reads, by name.
pub fn relations(conn: &Connection) -> rusqlite::Result<Vec<Relation>> {
    let mut stmt = conn.prepare(
        "SELECT name, CASE WHEN sql LIKE 'CREATE VIRTUAL TABLE%' THEN 'virtual table' ELSE type END
           FROM sqlite_master
          WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
            AND name NOT LIKE 'passages\\_fts\\_%' ESCAPE '\\' AND name <> 'refinery_schema_history'
          ORDER BY name",
    )?;
    stmt.query_map([], |row| {
        Ok(Relation {
            name: row.get(0)?,
            kind: row.get(1)?,
        })
    })?
    .collect()
}

/// The tables and views apsc describes (the column notes, the codebook):
/// all but the search index, which only indexes the passages' text.
pub fn described(conn: &Connection) -> rusqlite::Result<Vec<Relation>> {
    let mut all = relations(conn)?;
    all.retain(|r| r.kind != "virtual table");
    Ok(all)
}

/// SQL's name for a table or column, quoted.
pub fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The tables that hold rows of their own (not a view or the search index).
pub fn tables(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let all = relations(conn)?.into_iter();
    Ok(all.filter(|r| r.kind == "table").map(|r| r.name).collect())
}

/// The columns of `relation`, in order. `table_xinfo` rather than
/// `table_info`: the latter leaves out generated columns (`date_start`,
/// `date_end`); hidden = 1 marks a virtual table's own hidden columns.
pub fn columns(conn: &Connection, relation: &str) -> rusqlite::Result<Vec<Column>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, type, pk FROM pragma_table_xinfo(?1) WHERE hidden <> 1 ORDER BY cid",
    )?;
    stmt.query_map([relation], |row| {
        Ok(Column {
            name: row.get(0)?,
            declared: row.get(1)?,
            key: row.get(2)?,
        })
    })?
    .collect()
}
