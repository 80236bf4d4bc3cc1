//! The checks of the file and its schema: SQLite's integrity and foreign-key
//! checks, the migration history and every schema object against this binary.

use anyhow::Context;
use rusqlite::Connection;

use super::{Verdict, count, strings, verdict};
use crate::db;

pub fn integrity(conn: &Connection) -> anyhow::Result<Verdict> {
    let messages = strings(conn, "PRAGMA integrity_check", "PRAGMA integrity_check")?;
    let failures = if messages == ["ok"] { vec![] } else { messages };
    Ok(verdict(&failures, || {
        "PRAGMA integrity_check: ok".to_string()
    }))
}

pub fn foreign_keys(conn: &Connection) -> anyhow::Result<Verdict> {
    let mut failures = strings(
        conn,
        "SELECT \"table\" || ' row ' || coalesce(rowid, '?') || ' -> ' || parent
           FROM pragma_foreign_key_check",
        "PRAGMA foreign_key_check",
    )?;
    // figures.fact_id and mention_waivers.fact_id name a row of one of five
    // tables: no declared key covers them.
    failures.extend(strings(
        conn,
        "SELECT 'figure ' || f.id || ' -> ' || f.fact_table || '/' || f.fact_id
           FROM figures f
          WHERE f.fact_table IS NOT NULL AND NOT EXISTS
                (SELECT 1 FROM facts x WHERE x.fact_table = f.fact_table AND x.fact_id = f.fact_id)
         UNION ALL
         SELECT 'mention waiver ' || quote(w.name) || ' -> ' || w.fact_table || '/' || w.fact_id
           FROM mention_waivers w
          WHERE NOT EXISTS
                (SELECT 1 FROM facts x WHERE x.fact_table = w.fact_table AND x.fact_id = w.fact_id)",
        "the facts that figures and mention waivers point to",
    )?);
    Ok(verdict(&failures, || {
        "PRAGMA foreign_key_check, figure and waiver facts: no violations".to_string()
    }))
}

pub fn migrations(conn: &Connection) -> anyhow::Result<Verdict> {
    let applied: Vec<(i64, String, String)> = conn
        .prepare("SELECT version, name, checksum FROM refinery_schema_history ORDER BY version")
        .and_then(|mut stmt| {
            stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
                .collect()
        })
        .context("reading the migration history")?;
    let known: Vec<(i64, String, String)> = (db::runner().get_migrations().iter())
        .map(|m| {
            (
                m.version().into(),
                m.name().to_string(),
                m.checksum().to_string(),
            )
        })
        .collect();
    let mut failures = Vec::new();
    for (version, name, checksum) in &known {
        match applied.iter().find(|(v, _, _)| v == version) {
            None => failures.push(format!("V{version} {name} is not applied")),
            Some((_, n, c)) if (n, c) != (name, checksum) => failures.push(format!(
                "V{version} differs from this binary's {name} (name or checksum)"
            )),
            Some(_) => {}
        }
    }
    let unknown = applied
        .iter()
        .filter(|(v, _, _)| !known.iter().any(|k| k.0 == *v));
    for (version, name, _) in unknown {
        failures.push(format!("V{version} {name} is unknown to this binary"));
    }
    Ok(verdict(&failures, || {
        format!(
            "{} of {} applied, checksums match (schema version {})",
            applied.len(),
            known.len(),
            db::latest_version()
        )
    }))
}

/// Every schema object, by name, with its SQL as bytes: damage may leave the
/// stored SQL no longer valid UTF-8.
fn objects(conn: &Connection) -> rusqlite::Result<Vec<(String, Option<Vec<u8>>)>> {
    let mut stmt = conn.prepare("SELECT name, sql FROM sqlite_master ORDER BY name")?;
    stmt.query_map([], |row| {
        let name = String::from_utf8_lossy(row.get_ref(0)?.as_bytes()?).into_owned();
        let sql = row.get_ref(1)?.as_bytes_or_null()?.map(<[u8]>::to_vec);
        Ok((name, sql))
    })?
    .collect()
}

/// Every table, index, trigger and view apsc defines stands in the file exactly
/// as this binary's migrations and reports write it (objects of the user's
/// own are left alone). Catches a schema damaged in place, which SQLite may
/// still read without complaint.
pub fn schema(conn: &Connection) -> anyhow::Result<Verdict> {
    let mut reference = Connection::open_in_memory()?;
    db::migrate(&mut reference)?;
    crate::reports::install(&reference).context("writing the reference report views")?;
    let expected = objects(&reference).context("reading the reference schema")?;
    let actual = objects(conn).context("reading the schema")?;
    let mut failures = Vec::new();
    for (name, sql) in &expected {
        match actual.iter().find(|(n, _)| n == name) {
            None => failures.push(format!("{name} is missing")),
            Some((_, found)) if found != sql => failures.push(format!("{name} differs")),
            Some(_) => {}
        }
    }
    Ok(verdict(&failures, || {
        format!(
            "{} tables, indexes, triggers and views as this apsc defines them",
            expected.len()
        )
    }))
}

/// Every table a seed file filled holds the rows the seed put in it, as
/// `seed_files` records: a row deleted or added by hand since the seed shows.
pub fn rows(conn: &Connection) -> anyhow::Result<Verdict> {
    let recorded: Vec<(String, i64)> = conn
        .prepare("SELECT name, rows FROM seed_files WHERE rows IS NOT NULL ORDER BY name")
        .and_then(|mut stmt| {
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect()
        })
        .context("reading seed_files")?;
    let mut failures = Vec::new();
    for (file, expected) in &recorded {
        let table = file.trim_end_matches(".csv");
        let sql = format!("SELECT count(*) FROM \"{}\"", table.replace('"', "\"\""));
        let found = count(conn, &sql, &format!("the rows of {table}"))?;
        if found != *expected {
            failures.push(format!(
                "{table} holds {found} rows, its seed file {expected}"
            ));
        }
    }
    if recorded.is_empty() {
        failures.push("seed_files records no seed".to_string());
    }
    Ok(verdict(&failures, || {
        format!(
            "{} tables hold the rows their seed files gave them",
            recorded.len()
        )
    }))
}
