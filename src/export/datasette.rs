//! `apsc export --datasette FILE.json`: Datasette metadata for the database
//! file: title, source and licence; a description of every table, view and
//! column (from the column notes in the database and the vocabulary of
//! controlled terms); every canned report as a canned query, with its named
//! parameters; and full-text search on the passages. Serve it with
//! `datasette apsc.db -m FILE.json`.

use std::path::Path;

use anyhow::Context;
use rusqlite::Connection;
use serde_json::{Value, json};

use crate::db::catalog;
use crate::output::write_file;

/// The metadata read from the database (`?1` the relations to describe):
/// each table's or view's entry, with its note and each column's note
/// followed by the controlled terms it takes (from `vocabulary`), and
/// full-text search on the passages; every report as a canned query, with
/// its named parameters; the source documents.
const METADATA: &str = r#"
WITH terms AS (SELECT domain, 'One of: ' || group_concat(term, ', ' ORDER BY term) || '.' AS list
                 FROM vocabulary GROUP BY domain),
columns AS (
  SELECT r.value AS relation, c.name, nullif(concat_ws(' ', n.note, t.list), '') AS text
    FROM json_each(?1) r JOIN pragma_table_xinfo(r.value) c
    LEFT JOIN column_notes n ON n.table_name = r.value AND n.column_name = c.name
    LEFT JOIN terms t ON t.domain = CASE
      WHEN c.name IN ('china_role', 'fact_table', 'form') THEN c.name
      WHEN c.name = 'role' AND r.value GLOB '*_partners' THEN 'partner_role'
      WHEN c.name = 'qualifier' THEN 'figure_qualifier'
      WHEN c.name = 'kind' AND r.value = 'partners' THEN 'partner_kind'
      WHEN c.name = 'kind' THEN substr(r.value, 1, length(r.value) - 1) || '_kind' END
   WHERE c.hidden <> 1)
SELECT json_object(
  'tables', json((SELECT json_group_object(r.value, json_patch(json_object(
      'columns', json((SELECT json_group_object(name, text) FROM columns c
                        WHERE c.relation = r.value AND text IS NOT NULL)),
      'description', (SELECT note FROM column_notes WHERE table_name = r.value AND column_name = '')),
      iif(r.value = 'passages', '{"fts_table": "passages_fts", "fts_pk": "id"}', '{}')))
    FROM json_each(?1) r)),
  'queries', json((SELECT json_group_object(r.name, json_object('title', r.title,
      'description', r.description || coalesce((SELECT group_concat(' Parameter ' || p.name
          || iif(p.required, ' (required): ', ' (optional): ') || p.description, '' ORDER BY p.rowid)
        FROM report_parameters p WHERE p.report = r.name), ''),
      'sql', r.sql,
      'params', json((SELECT json_group_array(p.name ORDER BY p.rowid)
        FROM report_parameters p WHERE p.report = r.name))))
    FROM reports r)),
  'source', (SELECT group_concat(title || ', ' || publisher || ', ' || published, '; ' ORDER BY id)
               FROM documents))"#;

/// Write the metadata for the database whose file is `db_path`.
pub fn write(conn: &Connection, db_path: &Path, path: &Path) -> anyhow::Result<()> {
    let relations = catalog::described(conn).context("listing the tables")?;
    let relations: Vec<String> = relations.into_iter().map(|r| r.name).collect();
    let read: String = (conn
        .query_row(METADATA, [serde_json::to_string(&relations)?], |r| r.get(0)))
    .context("reading the notes and the reports")?;
    let read: Value = serde_json::from_str(&read)?;
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
        "source": read["source"],
        "license": env!("CARGO_PKG_LICENSE"),
        "databases": {
            database: { "tables": read["tables"], "queries": read["queries"] }
        }
    });
    let mut json = serde_json::to_vec_pretty(&metadata)?;
    json.push(b'\n');
    write_file(path, &json)
}
