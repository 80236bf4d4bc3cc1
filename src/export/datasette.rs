//! `apsc export --datasette FILE.json`: Datasette metadata for the database
//! file: title, source and licence; a description of every table, view and
//! column (from the column notes in the database and the vocabulary of
//! controlled terms); every canned report as a canned query, with its named
//! parameters; and full-text search on the passages. Serve it with
//! `datasette apsc.db -m FILE.json`.

use std::path::Path;

use anyhow::Context;
use rusqlite::Connection;
use serde_json::{Map, Value, json};

use super::write_file;
use crate::db::catalog;

/// A table's or view's entry as JSON: its note, and each column's note
/// followed by the controlled terms it takes (from `vocabulary`).
const ENTRY: &str = "
WITH terms AS (SELECT domain, 'One of: ' || group_concat(term, ', ' ORDER BY term) || '.' AS list
                 FROM vocabulary GROUP BY domain),
columns AS (
  SELECT c.name, nullif(concat_ws(' ', n.note, t.list), '') AS text
    FROM pragma_table_xinfo(?1) c
    LEFT JOIN column_notes n ON n.table_name = ?1 AND n.column_name = c.name
    LEFT JOIN terms t ON t.domain = CASE
      WHEN c.name IN ('china_role', 'fact_table', 'form') THEN c.name
      WHEN c.name = 'role' AND ?1 GLOB '*_partners' THEN 'partner_role'
      WHEN c.name = 'qualifier' THEN 'figure_qualifier'
      WHEN c.name = 'kind' AND ?1 = 'partners' THEN 'partner_kind'
      WHEN c.name = 'kind' THEN substr(?1, 1, length(?1) - 1) || '_kind' END
   WHERE c.hidden <> 1)
SELECT json_patch('{}', json_object(
  'columns', json((SELECT json_group_object(name, text) FROM columns WHERE text IS NOT NULL)),
  'description', (SELECT note FROM column_notes WHERE table_name = ?1 AND column_name = '')))";

/// The canned queries: every report, with its named parameters.
const QUERIES: &str = "
SELECT json_group_object(r.name, json_object('title', r.title,
         'description', r.description || coalesce((SELECT group_concat(' Parameter ' || p.name
             || iif(p.required, ' (required): ', ' (optional): ') || p.description, '' ORDER BY p.rowid)
           FROM report_parameters p WHERE p.report = r.name), ''),
         'sql', r.sql,
         'params', json((SELECT json_group_array(p.name ORDER BY p.rowid)
           FROM report_parameters p WHERE p.report = r.name))))
  FROM reports r";

/// Write the metadata for the database whose file is `db_path`.
pub fn write(conn: &Connection, db_path: &Path, path: &Path) -> anyhow::Result<()> {
    let mut tables_meta = Map::new();
    for relation in catalog::described(conn).context("listing the tables")? {
        let name = relation.name;
        let entry: String = conn
            .query_row(ENTRY, [&name], |r| r.get(0))
            .with_context(|| format!("reading the notes of {name}"))?;
        tables_meta.insert(name, serde_json::from_str(&entry)?);
    }
    if let Some(passages) = tables_meta.get_mut("passages") {
        passages["fts_table"] = json!("passages_fts");
        passages["fts_pk"] = json!("id");
    }
    let queries: String =
        (conn.query_row(QUERIES, [], |r| r.get(0))).context("listing the reports")?;
    let source: String = (conn.query_row(
        "SELECT group_concat(title || ', ' || publisher || ', ' || published, '; ' ORDER BY id)
           FROM documents",
        [],
        |r| r.get(0),
    ))
    .context("reading the documents")?;
    // Datasette names a database after its file's stem.
    let database = db_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "apsc".into());
    let metadata = json!({
        "title": "China's non-traditional security cooperation in the Asia-Pacific (apsc)",
        "description": "Section VI of the white paper of January 2017: meetings, exercises, \
                        agreements, operations, figures and stated positions, each with the \
                        verbatim sentence it comes from.",
        "source": source,
        "license": env!("CARGO_PKG_LICENSE"),
        "databases": {
            database: {
                "tables": tables_meta,
                "queries": serde_json::from_str::<Value>(&queries)?,
            }
        }
    });
    let mut json = serde_json::to_vec_pretty(&metadata)?;
    json.push(b'\n');
    write_file(path, &json)
}
