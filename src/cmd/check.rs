//! `apsc check`: verify the database from the file up: SQLite's own
//! integrity and foreign-key checks, the migrations and the schema against
//! this binary, the restored text against the supplied one, every passage, sentence and quote
//! at its recorded offsets, and how many sentences the facts cite.

use clap::Args;
use rusqlite::Connection;
use rusqlite::types::Value;
use std::path::Path;

use crate::db;
use crate::error::Error;
use crate::output::OutputArgs;
use crate::seed::{sha256_hex, text};

const EXAMPLES: &str = "\
Examples:
  apsc check
  apsc check --format json
  apsc --db other.db check

Exit status 0 when every check holds, 1 when one fails.";

/// Verify the database.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct CheckArgs {
    #[command(flatten)]
    pub output: OutputArgs,
}

/// The outcome of one check.
struct Outcome {
    name: &'static str,
    ok: bool,
    detail: String,
}

/// How many offending rows a detail names before it says "and N more".
const SHOWN: usize = 5;

pub fn run(db_path: &Path, args: &CheckArgs) -> anyhow::Result<()> {
    let mut printer = args.output.printer()?;
    let conn = db::open_read(db_path)?;
    let outcomes = [
        integrity(&conn)?,
        foreign_keys(&conn)?,
        migrations(&conn)?,
        schema(&conn)?,
        restoration(&conn)?,
        passages(&conn)?,
        quotes(&conn)?,
        coverage(&conn)?,
    ];
    let rows: Vec<Vec<Value>> = outcomes
        .iter()
        .map(|o| {
            vec![
                Value::Text(o.name.to_string()),
                Value::Text(if o.ok { "ok" } else { "FAILED" }.to_string()),
                Value::Text(o.detail.clone()),
            ]
        })
        .collect();
    printer.rows(&["check", "result", "detail"], rows)?;
    printer.finish()?;
    let failed = outcomes.iter().filter(|o| !o.ok).count();
    if failed > 0 {
        return Err(Error::CheckFailed {
            failed,
            total: outcomes.len(),
        }
        .into());
    }
    Ok(())
}

/// "a, b, c and 4 more"
fn listing(items: &[String], total: usize) -> String {
    let mut text = items.join("; ");
    if total > items.len() {
        text.push_str(&format!("; and {} more", total - items.len()));
    }
    text
}

fn integrity(conn: &Connection) -> anyhow::Result<Outcome> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let messages: Vec<String> = stmt
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    let ok = messages == ["ok"];
    Ok(Outcome {
        name: "integrity",
        ok,
        detail: if ok {
            "PRAGMA integrity_check: ok".to_string()
        } else {
            listing(&messages[..messages.len().min(SHOWN)], messages.len())
        },
    })
}

fn foreign_keys(conn: &Connection) -> anyhow::Result<Outcome> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let violations: Vec<String> = stmt
        .query_map([], |row| {
            Ok(format!(
                "{} row {} -> {}",
                row.get::<_, String>(0)?,
                row.get::<_, Option<i64>>(1)?
                    .map_or("?".to_string(), |r| r.to_string()),
                row.get::<_, String>(2)?
            ))
        })?
        .collect::<Result<_, _>>()?;
    // figures.fact_id names a row of one of five tables: no declared key covers it.
    let mut stmt = conn.prepare(
        "SELECT f.id, f.fact_table, f.fact_id FROM figures f
         WHERE f.fact_table IS NOT NULL AND NOT EXISTS
             (SELECT 1 FROM facts x WHERE x.fact_table = f.fact_table AND x.fact_id = f.fact_id)",
    )?;
    let orphans: Vec<String> = stmt
        .query_map([], |row| {
            Ok(format!(
                "figure {} -> {}/{}",
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?
            ))
        })?
        .collect::<Result<_, _>>()?;
    let all: Vec<String> = violations.into_iter().chain(orphans).collect();
    Ok(Outcome {
        name: "foreign keys",
        ok: all.is_empty(),
        detail: if all.is_empty() {
            "PRAGMA foreign_key_check and figure facts: no violations".to_string()
        } else {
            listing(&all[..all.len().min(SHOWN)], all.len())
        },
    })
}

fn migrations(conn: &Connection) -> anyhow::Result<Outcome> {
    let mut stmt = conn
        .prepare("SELECT version, name, checksum FROM refinery_schema_history ORDER BY version")?;
    let applied: Vec<(i64, String, String)> = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let runner = db::runner();
    let known = runner.get_migrations();
    let mut problems = Vec::new();
    for migration in known {
        let version = i64::from(migration.version());
        match applied.iter().find(|(v, _, _)| *v == version) {
            None => problems.push(format!("V{version} {} is not applied", migration.name())),
            Some((_, name, checksum)) => {
                if name != migration.name() || *checksum != migration.checksum().to_string() {
                    problems.push(format!(
                        "V{version} differs from this binary's {} (name or checksum)",
                        migration.name()
                    ));
                }
            }
        }
    }
    for (version, name, _) in &applied {
        if !known.iter().any(|m| i64::from(m.version()) == *version) {
            problems.push(format!("V{version} {name} is unknown to this binary"));
        }
    }
    Ok(Outcome {
        name: "migrations",
        ok: problems.is_empty(),
        detail: if problems.is_empty() {
            format!(
                "{} of {} applied, checksums match (schema version {})",
                applied.len(),
                known.len(),
                db::latest_version()
            )
        } else {
            problems.join("; ")
        },
    })
}

/// Every table, index, trigger and view apsc defines stands in the file exactly
/// as this binary's migrations and reports write it (objects of the user's
/// own are left alone). Catches a schema damaged in place, which SQLite may
/// still read without complaint.
fn schema(conn: &Connection) -> anyhow::Result<Outcome> {
    let mut reference = Connection::open_in_memory()?;
    db::migrate(&mut reference)?;
    crate::reports::install(&reference)?;
    // As bytes: damage may leave the stored SQL no longer valid UTF-8.
    let objects = |conn: &Connection| -> rusqlite::Result<Vec<(String, Option<Vec<u8>>)>> {
        let mut stmt = conn.prepare("SELECT name, sql FROM sqlite_master ORDER BY name")?;
        stmt.query_map([], |row| {
            let name = String::from_utf8_lossy(row.get_ref(0)?.as_bytes()?).into_owned();
            let sql = row.get_ref(1)?.as_bytes_or_null()?.map(<[u8]>::to_vec);
            Ok((name, sql))
        })?
        .collect()
    };
    let expected = objects(&reference)?;
    let actual = objects(conn)?;
    let mut differ = Vec::new();
    for (name, sql) in &expected {
        match actual.iter().find(|(n, _)| n == name) {
            None => differ.push(format!("{name} is missing")),
            Some((_, found)) if found != sql => differ.push(format!("{name} differs")),
            Some(_) => {}
        }
    }
    Ok(Outcome {
        name: "schema",
        ok: differ.is_empty(),
        detail: if differ.is_empty() {
            format!(
                "{} tables, indexes, triggers and views as this apsc defines them",
                expected.len()
            )
        } else {
            listing(&differ[..differ.len().min(SHOWN)], differ.len())
        },
    })
}

fn restoration(conn: &Connection) -> anyhow::Result<Outcome> {
    let mut docs =
        conn.prepare("SELECT id, source_text, text, source_sha256 FROM documents ORDER BY id")?;
    let mut corrections = conn.prepare(
        "SELECT find, replace_with, occurrences FROM corrections WHERE document_id = ?1 ORDER BY rowid",
    )?;
    let mut problems = Vec::new();
    let mut checked = 0;
    let mut replaced = 0;
    let rows: Vec<(String, String, String, String)> = docs
        .query_map([], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })?
        .collect::<Result<_, _>>()?;
    for (id, source, restored, sha) in rows {
        checked += 1;
        if sha256_hex(source.as_bytes()) != sha {
            problems.push(format!("{id}: source_text does not match source_sha256"));
        }
        let pairs: Vec<(String, String, i64)> = corrections
            .query_map([&id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
            .collect::<Result<_, _>>()?;
        let refs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(f, t, _)| (f.as_str(), t.as_str()))
            .collect();
        let (expected, counts) = text::restore(&source, &refs);
        if expected != restored {
            problems.push(format!(
                "{id}: text is not source_text with its corrections applied"
            ));
        }
        for ((from, _, recorded), count) in pairs.iter().zip(counts) {
            replaced += count;
            if count as i64 != *recorded {
                problems.push(format!(
                    "{id}: {from:?} occurs {count} times, recorded as {recorded}"
                ));
            }
        }
    }
    Ok(Outcome {
        name: "restoration",
        ok: problems.is_empty() && checked > 0,
        detail: if checked == 0 {
            "no documents".to_string()
        } else if problems.is_empty() {
            format!(
                "{checked} document{}: source text matches its SHA-256; text = source text with {replaced} corrections applied",
                if checked == 1 { "" } else { "s" }
            )
        } else {
            problems.join("; ")
        },
    })
}

fn passages(conn: &Connection) -> anyhow::Result<Outcome> {
    let mut stmt = conn.prepare(
        "SELECT 'passage ' || p.section || ' ¶' || p.ordinal
           FROM passages p JOIN documents d ON d.id = p.document_id
          WHERE substr(d.text, p.start_offset + 1, p.end_offset - p.start_offset) IS NOT p.text
         UNION ALL
         SELECT 'sentence ' || p.section || ' ¶' || p.ordinal || '.' || s.ordinal
           FROM sentences s JOIN passages p ON p.id = s.passage_id JOIN documents d ON d.id = p.document_id
          WHERE substr(d.text, s.start_offset + 1, s.end_offset - s.start_offset) IS NOT s.text
             OR s.start_offset < p.start_offset OR s.end_offset > p.end_offset",
    )?;
    let bad: Vec<String> = stmt
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    let (passages, sentences): (i64, i64) = conn.query_row(
        "SELECT (SELECT count(*) FROM passages), (SELECT count(*) FROM sentences)",
        [],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    Ok(Outcome {
        name: "passages",
        ok: bad.is_empty() && passages > 0,
        detail: if bad.is_empty() {
            format!("{passages} passages and {sentences} sentences at their recorded offsets")
        } else {
            listing(&bad[..bad.len().min(SHOWN)], bad.len())
        },
    })
}

fn quotes(conn: &Connection) -> anyhow::Result<Outcome> {
    let mut stmt = conn.prepare(
        "WITH quoted (source, id, quote, passage_id, quote_start, quote_end) AS (
             SELECT fact_table, fact_id, quote, passage_id, quote_start, quote_end FROM facts
             UNION ALL
             SELECT 'figures', id, quote, passage_id, quote_start, quote_end FROM figures
         )
         SELECT q.source || '/' || q.id,
                substr(d.text, q.quote_start + 1, q.quote_end - q.quote_start) IS q.quote
                    AND q.quote_start >= p.start_offset AND q.quote_end <= p.end_offset
           FROM quoted q
           JOIN passages p ON p.id = q.passage_id
           JOIN documents d ON d.id = p.document_id",
    )?;
    let mut total = 0;
    let mut bad = Vec::new();
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        total += 1;
        if !row.get::<_, bool>(1)? {
            bad.push(row.get::<_, String>(0)?);
        }
    }
    Ok(Outcome {
        name: "quotes",
        ok: bad.is_empty() && total > 0,
        detail: if bad.is_empty() {
            format!("{total} quotes verbatim at their recorded offsets, each inside its passage")
        } else {
            format!(
                "{} of {total} quotes not at their offsets: {}",
                bad.len(),
                listing(&bad[..bad.len().min(SHOWN)], bad.len())
            )
        },
    })
}

fn coverage(conn: &Connection) -> anyhow::Result<Outcome> {
    let mut stmt = conn.prepare(
        "SELECT p.section || ' ¶' || p.ordinal || '.' || s.ordinal, s.text
           FROM sentences s JOIN passages p ON p.id = s.passage_id
          WHERE NOT EXISTS (
                SELECT 1 FROM facts f
                 WHERE f.passage_id = s.passage_id
                   AND f.quote_start < s.end_offset AND f.quote_end > s.start_offset)
          ORDER BY s.id",
    )?;
    let uncited: Vec<String> = stmt
        .query_map([], |row| {
            let text: String = row.get(1)?;
            let head: String = text.chars().take(40).collect();
            Ok(format!("{} {head:?}…", row.get::<_, String>(0)?))
        })?
        .collect::<Result<_, _>>()?;
    let total: i64 = conn.query_row("SELECT count(*) FROM sentences", [], |row| row.get(0))?;
    let cited = total - uncited.len() as i64;
    let percent = if total > 0 {
        100.0 * cited as f64 / total as f64
    } else {
        0.0
    };
    let mut detail =
        format!("{cited} of {total} sentences cited by a fact or statement ({percent:.1}%)");
    if !uncited.is_empty() {
        detail.push_str("; not cited: ");
        detail.push_str(&listing(
            &uncited[..uncited.len().min(SHOWN)],
            uncited.len(),
        ));
    }
    Ok(Outcome {
        name: "coverage",
        ok: uncited.is_empty() && total > 0,
        detail,
    })
}
