//! `datapackage.json`: the exported CSV files described as a Frictionless
//! Data Package (Table Schema): each file's fields and types, primary and
//! foreign keys, the CSV dialect actually written (header, byte-order mark,
//! line ends), the missing-value convention, the source document and the
//! licence, so that `frictionless validate` and the tools built on it read
//! the folder without hand work.

use anyhow::Context;
use rusqlite::{Connection, params};
use serde_json::{Value, json};

use super::relation::columns;
use crate::output::CellArgs;

/// What the Excel dialect (`--excel`) does to text, for the files that
/// describe an export.
pub const EXCEL_NOTE: &str = "text that begins with = + - @, a tab or a carriage return is \
                              prefixed with an apostrophe";

/// One exported file, for the README, the codebook and the data package.
pub struct Exported {
    pub file: String,
    pub rows: u64,
    pub holds: String,
    /// The table or view it was read from.
    pub source: String,
}

impl Exported {
    /// Its name as a resource: its file's (`report_facts`, also when it
    /// was read from the view that adds the citations).
    pub fn name(&self) -> &str {
        self.file.trim_end_matches(".csv")
    }
}

/// The resources and sources of the package (`?1` the files as
/// `{name, title, columns}`, each column a `[name, type]` pair; `?2` how
/// every file is written; `?3` what the Excel dialect did to them, if it
/// did). Each file's description is its note; its Table Schema gives its
/// fields, each with its column note, its primary key, and its foreign keys
/// to parents also in the package. A patch drops a note, or keys, a file
/// does not have; a foreign key without `to` columns points at its parent's
/// primary key. Each source document comes with the file it was read from
/// and its digest.
const PACKAGE: &str = r#"
WITH files AS (SELECT key, value ->> 'name' AS name, value ->> 'title' AS title,
                      value -> 'columns' AS columns FROM json_each(?1))
SELECT json_object('resources', json((SELECT json_group_array(json_patch(?2, json_object(
  'name', f.name, 'path', f.name || '.csv', 'title', f.title,
  'description', nullif(concat_ws(' ', (SELECT note FROM column_notes
                                         WHERE table_name = f.name AND column_name = ''), ?3), ''),
  'schema', json_patch('{}', json_object(
    'fields', json((SELECT json_group_array(json_patch(
                        json_object('name', c.value ->> 0, 'type', c.value ->> 1),
                        json_object('description', n.note)) ORDER BY c.key)
                 FROM json_each(f.columns) c LEFT JOIN column_notes n
                   ON n.table_name = f.name AND n.column_name = c.value ->> 0)),
    'missingValues', json_array(''),
    'primaryKey', json(nullif((SELECT json_group_array(name ORDER BY pk)
                                 FROM pragma_table_info(f.name) WHERE pk > 0), '[]')),
    'foreignKeys', json(nullif((SELECT json_group_array(json(key) ORDER BY id) FROM (
        SELECT fk.id, json_object('fields', json_group_array(fk."from" ORDER BY fk.seq),
                 'reference', json_object('resource', fk."table", 'fields', json_group_array(
                   coalesce(fk."to", (SELECT name FROM pragma_table_info(fk."table")
                                       WHERE pk = fk.seq + 1)) ORDER BY fk.seq))) AS key
          FROM pragma_foreign_key_list(f.name) fk
         WHERE fk."table" IN (SELECT name FROM files) GROUP BY fk.id)), '[]'))))))
  ORDER BY f.key) FROM files f)),
  'sources', json((SELECT json_group_array(json_object('title', title || ', ' || publisher
      || ', ' || published, 'path', source_file, 'sha256', source_sha256) ORDER BY id)
    FROM documents)))"#;

/// `datapackage.json` for the given files.
pub fn build(
    conn: &Connection,
    resources: &[&Exported],
    cells: &CellArgs,
) -> anyhow::Result<Vec<u8>> {
    let mut files = Vec::with_capacity(resources.len());
    for r in resources {
        let columns = columns(conn, &r.source).with_context(|| format!("typing {}", r.name()))?;
        files.push(json!({"name": r.name(), "title": r.holds, "columns": columns}));
    }
    let written = json!({
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        // Python's name for UTF-8 behind a byte-order mark, which the
        // Frictionless tools read as such.
        "encoding": if cells.bom || cells.excel { "utf-8-sig" } else { "utf-8" },
        "dialect": {
            "delimiter": ",",
            "lineTerminator": "\r\n",
            "quoteChar": "\"",
            "doubleQuote": true,
            "header": !cells.no_header,
        },
    });
    let excel = (cells.excel).then(|| format!("Written for Excel: {EXCEL_NOTE}."));
    let params = params![json!(files).to_string(), written.to_string(), excel];
    let read: String =
        (conn.query_row(PACKAGE, params, |r| r.get(0))).context("describing the files")?;
    let read: Value = serde_json::from_str(&read)?;
    let package = json!({
        "profile": "tabular-data-package",
        "name": "apsc",
        "title": "China's Policies on Asia-Pacific Security Cooperation, section VI: a knowledge base",
        "description": "The meetings, exercises, agreements, operations, figures and stated positions \
                        of section VI of the white paper, each with the verbatim sentence it comes from.",
        "version": env!("CARGO_PKG_VERSION"),
        "sources": read["sources"],
        "licenses": [{
            "name": env!("CARGO_PKG_LICENSE"),
            "title": "the compilation by apsc; the source text is its publisher's",
        }],
        "resources": read["resources"],
    });
    let mut json = serde_json::to_vec_pretty(&package)?;
    json.push(b'\n');
    Ok(json)
}
