//! `datapackage.json`: the exported CSV files described as a Frictionless
//! Data Package (Table Schema): each file's fields and types, primary and
//! foreign keys, the CSV dialect actually written (header, byte-order mark,
//! line ends), the missing-value convention, the source document and the
//! licence, so that `frictionless validate` and the tools built on it read
//! the folder without hand work.

use std::path::Path;

use anyhow::Context;
use rusqlite::Connection;
use serde_json::{Value, json};

use super::{EXCEL_NOTE, Exported, write_file};
use crate::output::CellArgs;

/// A file's Table Schema (`?1` its name, `?2` its columns as `[name, type]`
/// pairs, `?3` the names in the package): its fields, each with its column
/// note; its primary key, and its foreign keys to parents also in the
/// package. The empty patch drops a note, or keys, a file does not have; a
/// foreign key without `to` columns points at its parent's primary key.
const SCHEMA: &str = "
SELECT json_patch('{}', json_object(
  'fields', json((SELECT json_group_array(json_patch(
                      json_object('name', c.value ->> 0, 'type', c.value ->> 1),
                      json_object('description', n.note)) ORDER BY c.key)
               FROM json_each(?2) c
               LEFT JOIN column_notes n ON n.table_name = ?1 AND n.column_name = c.value ->> 0)),
  'missingValues', json_array(''),
  'primaryKey', json(nullif((SELECT json_group_array(name)
      FROM (SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk)), '[]')),
  'foreignKeys', json(nullif((SELECT json_group_array(json(key)) FROM (
      SELECT json_object('fields', json_group_array(fk.\"from\"),
               'reference', json_object('resource', fk.\"table\", 'fields', json_group_array(
                 coalesce(fk.\"to\", (SELECT name FROM pragma_table_info(fk.\"table\")
                                       WHERE pk = fk.seq + 1))))) AS key
        FROM (SELECT * FROM pragma_foreign_key_list(?1) ORDER BY id, seq) fk
       WHERE fk.\"table\" IN (SELECT value FROM json_each(?3))
       GROUP BY fk.id ORDER BY fk.id)), '[]'))))";

/// The source documents, each with the file it was read from and its digest.
const SOURCES: &str =
    "SELECT json_group_array(json_object('title', title || ', ' || publisher || ', '
  || published, 'path', source_file, 'sha256', source_sha256) ORDER BY id) FROM documents";

/// Write `datapackage.json` into `dir` for the given files.
pub fn write(
    conn: &Connection,
    dir: &Path,
    resources: &[&Exported],
    cells: &CellArgs,
) -> anyhow::Result<()> {
    let exported: Vec<&str> = resources.iter().map(|r| r.name()).collect();
    let exported = serde_json::to_string(&exported)?;
    let bom = cells.bom || cells.excel;
    let mut entries = Vec::with_capacity(resources.len());
    for resource in resources {
        let name = resource.name();
        let columns =
            super::columns(conn, &resource.source).with_context(|| format!("typing {name}"))?;
        let schema: String = (conn.query_row(
            SCHEMA,
            [name, &serde_json::to_string(&columns)?, &exported],
            |r| r.get(0),
        ))
        .with_context(|| format!("describing {name}"))?;
        let mut entry = json!({
            "name": resource.name(),
            "path": resource.file,
            "title": resource.holds,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            // Python's name for UTF-8 behind a byte-order mark, which the
            // Frictionless tools read as such.
            "encoding": if bom { "utf-8-sig" } else { "utf-8" },
            "dialect": {
                "delimiter": ",",
                "lineTerminator": "\r\n",
                "quoteChar": "\"",
                "doubleQuote": true,
                "header": !cells.no_header,
            },
            "schema": serde_json::from_str::<Value>(&schema)?,
        });
        let excel = cells
            .excel
            .then(|| format!("Written for Excel: {EXCEL_NOTE}."));
        let notes = super::notes(conn, name)?;
        let note = notes[""].as_str();
        let description: Vec<&str> = note.into_iter().chain(excel.as_deref()).collect();
        if !description.is_empty() {
            entry["description"] = json!(description.join(" "));
        }
        entries.push(entry);
    }
    let sources: String =
        (conn.query_row(SOURCES, [], |r| r.get(0))).context("reading the documents")?;
    let package = json!({
        "profile": "tabular-data-package",
        "name": "apsc",
        "title": "China's Policies on Asia-Pacific Security Cooperation, section VI: a knowledge base",
        "description": "The meetings, exercises, agreements, operations, figures and stated positions \
                        of section VI of the white paper, each with the verbatim sentence it comes from.",
        "version": env!("CARGO_PKG_VERSION"),
        "sources": serde_json::from_str::<Value>(&sources)?,
        "licenses": [{
            "name": env!("CARGO_PKG_LICENSE"),
            "title": "the compilation by apsc; the source text is its publisher's",
        }],
        "resources": entries,
    });
    let mut json = serde_json::to_vec_pretty(&package)?;
    json.push(b'\n');
    write_file(&dir.join("datapackage.json"), &json)
}
