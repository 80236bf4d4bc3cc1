//! The documents and their corrections as the database holds them: one type
//! and one query each, for `check`, `html` and the exports.

use rusqlite::Connection;

/// A source document: what it is, and its text as supplied and restored.
pub struct Document {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub published: String,
    pub source_file: String,
    pub sha256: String,
    /// The text as supplied, byte for byte.
    pub source: String,
    /// The restored text, which offsets count in.
    pub text: String,
    pub url: Option<String>,
}

/// Every document, by id.
pub fn documents(conn: &Connection) -> rusqlite::Result<Vec<Document>> {
    let mut stmt = conn.prepare(
        "SELECT id, title, publisher, published, source_file, source_sha256, source_text, text,
                url
           FROM documents ORDER BY id",
    )?;
    stmt.query_map([], |row| {
        Ok(Document {
            id: row.get(0)?,
            title: row.get(1)?,
            publisher: row.get(2)?,
            published: row.get(3)?,
            source_file: row.get(4)?,
            sha256: row.get(5)?,
            source: row.get(6)?,
            text: row.get(7)?,
            url: row.get(8)?,
        })
    })?
    .collect()
}

/// A declared correction of a document's supplied text: every `find`
/// becomes `replace_with`, which happened `occurrences` times.
pub struct Correction {
    pub find: String,
    pub replace_with: String,
    pub reason: String,
    pub occurrences: i64,
}

/// The corrections of a document, in the order they apply.
pub fn corrections(conn: &Connection, document_id: &str) -> rusqlite::Result<Vec<Correction>> {
    let mut stmt = conn.prepare(
        "SELECT find, replace_with, reason, occurrences FROM corrections
          WHERE document_id = ?1 ORDER BY rowid",
    )?;
    stmt.query_map([document_id], |row| {
        Ok(Correction {
            find: row.get(0)?,
            replace_with: row.get(1)?,
            reason: row.get(2)?,
            occurrences: row.get(3)?,
        })
    })?
    .collect()
}
