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

use super::{ColumnKind, EXCEL_NOTE, Exported, documents, write_file};
use crate::output::CellArgs;

fn field_type(kind: ColumnKind) -> &'static str {
    match kind {
        ColumnKind::Integer => "integer",
        ColumnKind::Number => "number",
        ColumnKind::Text => "string",
    }
}

/// What `column_notes` says of a table (under "") and of each column.
const NOTES: &str =
    "SELECT json_group_object(column_name, note) FROM column_notes WHERE table_name = ?1";

/// A table's primary key as a JSON list of its columns, in key order (empty
/// for a view).
const PRIMARY_KEY: &str = "SELECT json_group_array(name)
  FROM (SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk)";

/// A table's foreign keys, each with its parent and as the package writes
/// it; a key without `to` columns points at its parent's primary key.
const FOREIGN_KEYS: &str = "
SELECT fk.\"table\", json_object('fields', json_group_array(fk.\"from\"),
       'reference', json_object('resource', fk.\"table\", 'fields', json_group_array(coalesce(fk.\"to\",
         (SELECT name FROM pragma_table_info(fk.\"table\") WHERE pk = fk.seq + 1)))))
  FROM (SELECT * FROM pragma_foreign_key_list(?1) ORDER BY id, seq) fk GROUP BY fk.id ORDER BY fk.id";

/// A file's Table Schema: its fields, each with its column note; its primary
/// key, and its foreign keys to parents also in the package.
fn schema(
    conn: &Connection,
    resource: &Exported,
    exported: &[&str],
    notes: &Value,
) -> anyhow::Result<Value> {
    let name = resource.name();
    let columns =
        super::columns(conn, &resource.source).with_context(|| format!("typing {name}"))?;
    let fields: Vec<Value> = columns
        .iter()
        .map(|c| {
            let mut field = json!({ "name": c.name, "type": field_type(c.kind) });
            if let Some(note) = notes[&c.name].as_str() {
                field["description"] = json!(note);
            }
            field
        })
        .collect();
    let mut schema = json!({ "fields": fields, "missingValues": [""] });
    let context = || format!("reading the keys of {name}");
    let key: String = conn
        .query_row(PRIMARY_KEY, [name], |r| r.get(0))
        .with_context(context)?;
    if key != "[]" {
        schema["primaryKey"] = serde_json::from_str(&key)?;
    }
    let mut stmt = conn.prepare(FOREIGN_KEYS).with_context(context)?;
    let rows = stmt.query_map([name], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    });
    let mut foreign = Vec::new();
    for row in rows.with_context(context)? {
        let (parent, key) = row.with_context(context)?;
        if exported.contains(&parent.as_str()) {
            foreign.push(serde_json::from_str::<Value>(&key)?);
        }
    }
    if !foreign.is_empty() {
        schema["foreignKeys"] = json!(foreign);
    }
    Ok(schema)
}

/// Write `datapackage.json` into `dir` for the given files.
pub fn write(
    conn: &Connection,
    dir: &Path,
    resources: &[&Exported],
    cells: &CellArgs,
) -> anyhow::Result<()> {
    let exported: Vec<&str> = resources.iter().map(|r| r.name()).collect();
    let bom = cells.bom || cells.excel;
    let mut entries = Vec::with_capacity(resources.len());
    for resource in resources {
        let notes: String = conn
            .query_row(NOTES, [resource.name()], |r| r.get(0))
            .context("reading the column notes")?;
        let notes: Value = serde_json::from_str(&notes)?;
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
            "schema": schema(conn, resource, &exported, &notes)?,
        });
        let excel = cells
            .excel
            .then(|| format!("Written for Excel: {EXCEL_NOTE}."));
        let note = notes[""].as_str();
        let description: Vec<&str> = note.into_iter().chain(excel.as_deref()).collect();
        if !description.is_empty() {
            entry["description"] = json!(description.join(" "));
        }
        entries.push(entry);
    }
    let docs = documents(conn).context("reading the documents")?;
    let sources: Vec<Value> = docs
        .iter()
        .map(|d| {
            json!({
                "title": format!("{}, {}, {}", d.title, d.publisher, d.published),
                "path": d.source_file,
                "sha256": d.sha256,
            })
        })
        .collect();
    let package = json!({
        "profile": "tabular-data-package",
        "name": "apsc",
        "title": "China's Policies on Asia-Pacific Security Cooperation, section VI: a knowledge base",
        "description": "The meetings, exercises, agreements, operations, figures and stated positions \
                        of section VI of the white paper, each with the verbatim sentence it comes from.",
        "version": env!("CARGO_PKG_VERSION"),
        "sources": sources,
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
