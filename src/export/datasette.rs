//! `apsc export --datasette FILE.json`: Datasette metadata for the database
//! file: title, source and licence; a description of every table, view and
//! column (from the column notes in the database and the vocabulary of
//! controlled terms); every canned report as a canned query, with its named
//! parameters; and full-text search on the passages. Serve it with
//! `datasette apsc.db -m FILE.json`.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use rusqlite::Connection;
use serde_json::{Map, Value, json};

use super::{documents, write_file};
use crate::db::catalog;
use crate::reports;

/// The controlled terms a column takes, by column name, from `vocabulary`.
fn terms(conn: &Connection) -> rusqlite::Result<BTreeMap<String, Vec<String>>> {
    let mut stmt = conn.prepare("SELECT domain, term FROM vocabulary ORDER BY domain, term")?;
    let mut by_domain: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (domain, term) = row?;
        by_domain.entry(domain).or_default().push(term);
    }
    Ok(by_domain)
}

/// Which vocabulary domain a column of a table draws from.
fn domain(table: &str, column: &str) -> Option<String> {
    match column {
        "china_role" | "fact_table" | "form" => Some(column.into()),
        "role" if table.ends_with("_partners") => Some("partner_role".into()),
        "qualifier" => Some("figure_qualifier".into()),
        "kind" if table == "partners" => Some("partner_kind".into()),
        "kind" => table.strip_suffix('s').map(|t| format!("{t}_kind")),
        _ => None,
    }
}

/// One table's entry: its description and its columns'.
fn table_entry(
    conn: &Connection,
    table: &str,
    notes: Option<&BTreeMap<String, String>>,
    terms: &BTreeMap<String, Vec<String>>,
) -> anyhow::Result<Value> {
    let mut columns = Map::new();
    for column in catalog::column_names(conn, table).with_context(|| format!("reading {table}"))? {
        let mut text = notes
            .and_then(|n| n.get(&column))
            .cloned()
            .unwrap_or_default();
        if let Some(list) = domain(table, &column).and_then(|d| terms.get(&d)) {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&format!("One of: {}.", list.join(", ")));
        }
        if !text.is_empty() {
            columns.insert(column, json!(text));
        }
    }
    let mut entry = json!({ "columns": columns });
    if let Some(description) = notes.and_then(|n| n.get("")) {
        entry["description"] = json!(description);
    }
    Ok(entry)
}

/// The canned queries: every report, with its named parameters.
fn queries() -> Map<String, Value> {
    let mut queries = Map::new();
    for report in reports::all() {
        let params: Vec<&str> = report.params.iter().map(|p| p.name.as_str()).collect();
        let mut description = report.description.clone();
        for p in &report.params {
            description.push_str(&format!(" Parameter {}: {}", p.label(), p.description));
        }
        queries.insert(
            report.name.to_string(),
            json!({
                "title": report.title,
                "description": description,
                "sql": report.sql,
                "params": params,
            }),
        );
    }
    queries
}

/// Write the metadata for the database whose file is `db_path`.
pub fn write(conn: &Connection, db_path: &Path, path: &Path) -> anyhow::Result<()> {
    let notes = super::notes(conn).context("reading the column notes")?;
    let terms = terms(conn).context("reading the vocabulary")?;
    let mut tables_meta = Map::new();
    for relation in catalog::described(conn).context("listing the tables")? {
        let name = relation.name;
        let entry = table_entry(conn, &name, notes.get(&name), &terms)?;
        tables_meta.insert(name, entry);
    }
    if let Some(passages) = tables_meta.get_mut("passages") {
        passages["fts_table"] = json!("passages_fts");
        passages["fts_pk"] = json!("id");
    }
    let docs = documents(conn).context("reading the documents")?;
    let source = docs
        .iter()
        .map(|d| format!("{}, {}, {}", d.title, d.publisher, d.published))
        .collect::<Vec<_>>()
        .join("; ");
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
                "queries": queries(),
            }
        }
    });
    let mut json = serde_json::to_vec_pretty(&metadata)?;
    json.push(b'\n');
    write_file(path, &json)
}
