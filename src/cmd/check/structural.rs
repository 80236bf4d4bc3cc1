//! The checks of the file and its schema: SQLite's integrity and foreign-key
//! checks, the migration history and every schema object against this
//! binary, and the rows of every seeded table against its seed file.

use anyhow::Context;
use rusqlite::Connection;

use super::verdict::{Verdict, count, strings, verdict};
use crate::db;

pub fn integrity(conn: &Connection) -> anyhow::Result<Verdict> {
    let mut failures = strings(conn, "PRAGMA integrity_check", [], "PRAGMA integrity_check")?;
    failures.retain(|message| message != "ok");
    Ok(verdict(&failures, "PRAGMA integrity_check: ok".into()))
}

/// Every declared key, and figures.fact_id and mention_waivers.fact_id, which
/// name a row of one of five tables: no declared key covers them.
const FOREIGN_KEYS: &str = "
SELECT \"table\" || ' row ' || coalesce(rowid, '?') || ' -> ' || parent FROM pragma_foreign_key_check
UNION ALL
SELECT 'figure ' || f.id || ' -> ' || f.fact_table || '/' || f.fact_id
  FROM figures f
 WHERE f.fact_table IS NOT NULL AND NOT EXISTS
       (SELECT 1 FROM facts x WHERE x.fact_table = f.fact_table AND x.fact_id = f.fact_id)
UNION ALL
SELECT 'mention waiver ' || quote(w.name) || ' -> ' || w.fact_table || '/' || w.fact_id
  FROM mention_waivers w
 WHERE NOT EXISTS
       (SELECT 1 FROM facts x WHERE x.fact_table = w.fact_table AND x.fact_id = w.fact_id)";

pub fn foreign_keys(conn: &Connection) -> anyhow::Result<Verdict> {
    let failures = strings(conn, FOREIGN_KEYS, [], "the foreign keys")?;
    let ok = "PRAGMA foreign_key_check, figure and waiver facts: no violations";
    Ok(verdict(&failures, ok.into()))
}

/// A row per difference between the migration history and the migrations
/// this binary carries (`?1`, as JSON: version, name and checksum of each).
const MIGRATIONS: &str = "
WITH known AS (SELECT value->>0 AS version, value->>1 AS name, value->>2 AS checksum
                 FROM json_each(?1))
SELECT 'V' || version || ' ' || CASE
         WHEN h.version IS NULL THEN k.name || ' is not applied'
         WHEN k.version IS NULL THEN h.name || ' is unknown to this binary'
         WHEN h.name IS NOT k.name OR h.checksum IS NOT k.checksum
              THEN 'differs from this binary''s ' || k.name || ' (name or checksum)' END
  FROM known k FULL JOIN refinery_schema_history h USING (version) ORDER BY version";

pub fn migrations(conn: &Connection) -> anyhow::Result<Verdict> {
    let known: Vec<_> = (db::runner().get_migrations().iter())
        .map(|m| serde_json::json!([m.version(), m.name(), m.checksum().to_string()]))
        .collect();
    let json = serde_json::Value::from(known.clone()).to_string();
    let failures = strings(conn, MIGRATIONS, [json], "the migration history")?;
    let sql = "SELECT count(*) FROM refinery_schema_history";
    let applied = count(conn, sql, "the migrations applied")?;
    let (known, latest) = (known.len(), db::LATEST_VERSION);
    let ok = format!("{applied} of {known} applied, checksums match (schema version {latest})");
    Ok(verdict(&failures, ok))
}

/// A row per object of the reference schema (`?1`, a JSON object of each
/// name's SQL) missing from the file or standing there with other SQL. The
/// SQL is compared as SQLite stores it: damage may leave it no longer valid
/// UTF-8. The file's schema is read once (MATERIALIZED), not once per
/// reference object.
const SCHEMA: &str = "
WITH f AS MATERIALIZED (SELECT name, sql FROM sqlite_master)
SELECT r.key || CASE WHEN f.name IS NULL THEN ' is missing' ELSE ' differs' END
  FROM json_each(?1) r LEFT JOIN f ON f.name = r.key
 WHERE f.name IS NULL OR f.sql IS NOT r.value
 ORDER BY 1";

/// Every table, index, trigger and view apsc defines stands in the file exactly
/// as this binary's migrations and reports write it (objects of the user's
/// own are left alone). Catches a schema damaged in place, which SQLite may
/// still read without complaint.
pub fn schema(conn: &Connection) -> anyhow::Result<Verdict> {
    let mut reference = Connection::open_in_memory()?;
    db::migrate(&mut reference)?;
    crate::reports::install(&reference).context("writing the reference report views")?;
    let sql = "SELECT json_group_object(name, sql), count(*) FROM sqlite_master";
    let (expected, objects): (String, i64) =
        reference.query_row(sql, [], |row| Ok((row.get(0)?, row.get(1)?)))?;
    let failures = strings(conn, SCHEMA, [expected], "the schema")?;
    let ok = format!("{objects} tables, indexes, triggers and views as this apsc defines them");
    Ok(verdict(&failures, ok))
}

/// Every table a seed file filled holds the rows the seed put in it, as
/// `seed_files` records: a row deleted or added by hand since the seed shows.
pub fn rows(conn: &Connection) -> anyhow::Result<Verdict> {
    let sql = "SELECT name FROM seed_files WHERE rows IS NOT NULL ORDER BY name";
    let files = strings(conn, sql, [], "seed_files")?;
    let mut failures = Vec::new();
    for file in &files {
        let table = file.trim_end_matches(".csv");
        let sql = format!(
            "SELECT ?1 || ' holds ' || found || ' rows, its seed file ' || rows
               FROM (SELECT (SELECT count(*) FROM \"{}\") AS found, rows FROM seed_files
                      WHERE name = ?2) WHERE found <> rows",
            table.replace('"', "\"\"")
        );
        failures.extend(strings(conn, &sql, [table, file], "the rows")?);
    }
    if files.is_empty() {
        failures.push("seed_files records no seed".to_string());
    }
    let ok = format!(
        "{} tables hold the rows their seed files gave them",
        files.len()
    );
    Ok(verdict(&failures, ok))
}
