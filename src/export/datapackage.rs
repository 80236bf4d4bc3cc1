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
use crate::db::catalog;
use crate::output::CellArgs;

fn field_type(kind: ColumnKind) -> &'static str {
    match kind {
        ColumnKind::Integer => "integer",
        ColumnKind::Number => "number",
        ColumnKind::Text => "string",
    }
}

/// The primary key of a table, in key order (empty for a view).
fn primary_key(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut key: Vec<catalog::Column> = catalog::columns(conn, table)?
        .into_iter()
        .filter(|c| c.key > 0)
        .collect();
    key.sort_by_key(|c| c.key);
    Ok(key.into_iter().map(|c| c.name).collect())
}

/// The foreign keys of a table whose parent is also in the package.
fn foreign_keys(conn: &Connection, table: &str, exported: &[&str]) -> rusqlite::Result<Vec<Value>> {
    let mut stmt = conn.prepare(
        "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?1) ORDER BY id, seq",
    )?;
    let rows: Vec<(i64, String, String, Option<String>)> = stmt
        .query_map([table], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<Result<_, _>>()?;
    let mut keys: Vec<(i64, String, Vec<String>, Vec<String>)> = Vec::new();
    for (id, parent, from, to) in rows {
        // No `to` column: the key points at the parent's primary key.
        let to = match to {
            Some(to) => vec![to],
            None => primary_key(conn, &parent)?,
        };
        match keys.last_mut() {
            Some(key) if key.0 == id => {
                key.2.push(from);
                key.3.extend(to);
            }
            _ => keys.push((id, parent, vec![from], to)),
        }
    }
    Ok(keys
        .into_iter()
        .filter(|(_, parent, _, _)| exported.contains(&parent.as_str()))
        .map(|(_, parent, from, to)| {
            json!({ "fields": from, "reference": { "resource": parent, "fields": to } })
        })
        .collect())
}

fn schema(conn: &Connection, resource: &Exported, exported: &[&str]) -> anyhow::Result<Value> {
    let name = resource.name();
    let fields: Vec<Value> = resource
        .columns
        .iter()
        .map(|c| json!({ "name": c.name, "type": field_type(c.kind) }))
        .collect();
    let mut schema = json!({ "fields": fields, "missingValues": [""] });
    let key = primary_key(conn, name).with_context(|| format!("reading the key of {name}"))?;
    if !key.is_empty() {
        schema["primaryKey"] = json!(key);
    }
    let foreign = foreign_keys(conn, name, exported)
        .with_context(|| format!("reading the foreign keys of {name}"))?;
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
            "schema": schema(conn, resource, &exported)?,
        });
        if cells.excel {
            entry["description"] = json!(format!("Written for Excel: {EXCEL_NOTE}."));
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
