//! Exports for other tools: the partner network as a graph, the workbook,
//! the Frictionless data package, and the tables worth exporting.

pub mod datapackage;
pub mod datasette;
pub mod folder;
pub mod graph;
mod huge;
mod table_csv;
pub mod workbook;

use rusqlite::Connection;

/// SQLite's own memory held low while an export runs: a small page cache,
/// which also bounds what a sort holds before it spills to disk. (A soft
/// heap limit would not be enforced: the bundled SQLite keeps no memory
/// statistics, see `.cargo/config.toml`.) What was set before comes back on
/// drop.
pub struct LowMemory<'c> {
    conn: &'c Connection,
    cache_size: i64,
}

/// The page cache while exporting, in KiB (SQLite's default is 2000).
const EXPORT_CACHE_KIB: i64 = 500;

impl<'c> LowMemory<'c> {
    pub fn new(conn: &'c Connection) -> rusqlite::Result<LowMemory<'c>> {
        let cache_size = conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
        conn.pragma_update(None, "cache_size", -EXPORT_CACHE_KIB)?;
        Ok(LowMemory { conn, cache_size })
    }
}

impl Drop for LowMemory<'_> {
    fn drop(&mut self) {
        // Nothing to tell anyone if this fails: the setting only ever
        // lived as long as the connection.
        let _ = self.conn.pragma_update(None, "cache_size", self.cache_size);
    }
}

/// The tables worth exporting: not SQLite's, the full-text index's or the
/// migration history's.
pub fn tables(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master
          WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
            AND name NOT LIKE 'passages\\_fts%' ESCAPE '\\' AND name <> 'refinery_schema_history'
          ORDER BY name",
    )?;
    stmt.query_map([], |row| row.get(0))?.collect()
}

/// A source document, as exports cite it.
pub struct Document {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub published: String,
    pub source_file: String,
    pub sha256: String,
}

/// Every source document.
pub fn documents(conn: &Connection) -> rusqlite::Result<Vec<Document>> {
    let mut stmt = conn.prepare(
        "SELECT id, title, publisher, published, source_file, source_sha256
           FROM documents ORDER BY id",
    )?;
    stmt.query_map([], |r| {
        Ok(Document {
            id: r.get(0)?,
            title: r.get(1)?,
            publisher: r.get(2)?,
            published: r.get(3)?,
            source_file: r.get(4)?,
            sha256: r.get(5)?,
        })
    })?
    .collect()
}

/// A column as exports describe it: its name and the type its values have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub kind: ColumnKind,
}

/// What a column holds, as a spreadsheet or a schema language needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Integer,
    Number,
    Text,
}

/// The type SQLite's declared type gives a column, if it gives one.
fn declared_kind(declared: &str) -> Option<ColumnKind> {
    let declared = declared.to_ascii_uppercase();
    if declared.contains("INT") {
        Some(ColumnKind::Integer)
    } else if declared.contains("CHAR") || declared.contains("TEXT") || declared.contains("CLOB") {
        Some(ColumnKind::Text)
    } else if declared.contains("REAL")
        || declared.contains("FLOA")
        || declared.contains("DOUB")
        || declared.contains("NUM")
    {
        Some(ColumnKind::Number)
    } else {
        None
    }
}

/// The columns of a table or view. A column without a declared type (a view's
/// computed column) takes the type of the values it holds: integer if every
/// value is an integer, number if every value is a number, else text. All
/// such columns are looked at in one pass over the relation.
pub fn columns(conn: &Connection, relation: &str) -> rusqlite::Result<Vec<Column>> {
    let mut stmt = conn.prepare("SELECT name, type FROM pragma_table_info(?1) ORDER BY cid")?;
    let declared: Vec<(String, String)> = stmt
        .query_map([relation], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let untyped: Vec<&str> = declared
        .iter()
        .filter(|(_, d)| declared_kind(d).is_none())
        .map(|(name, _)| name.as_str())
        .collect();
    let mut observed = observed_kinds(conn, relation, &untyped)?.into_iter();
    Ok(declared
        .iter()
        .map(|(name, d)| Column {
            name: name.clone(),
            kind: declared_kind(d)
                .or_else(|| observed.next())
                .unwrap_or(ColumnKind::Text),
        })
        .collect())
}

/// The kind of each of `columns` of `relation`, from the values they hold.
fn observed_kinds(
    conn: &Connection,
    relation: &str,
    columns: &[&str],
) -> rusqlite::Result<Vec<ColumnKind>> {
    if columns.is_empty() {
        return Ok(Vec::new());
    }
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let counts: Vec<String> = columns
        .iter()
        .map(|c| {
            let c = quote(c);
            format!(
                "count(CASE WHEN typeof({c}) IN ('text', 'blob') THEN 1 END), \
                 count(CASE WHEN typeof({c}) = 'real' THEN 1 END)"
            )
        })
        .collect();
    let sql = format!("SELECT {} FROM {}", counts.join(", "), quote(relation));
    conn.query_row(&sql, [], |r| {
        (0..columns.len())
            .map(|i| {
                let (texts, reals): (i64, i64) = (r.get(2 * i)?, r.get(2 * i + 1)?);
                Ok(if texts > 0 {
                    ColumnKind::Text
                } else if reals > 0 {
                    ColumnKind::Number
                } else {
                    ColumnKind::Integer
                })
            })
            .collect()
    })
}
