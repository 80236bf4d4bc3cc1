//! A database an earlier apsc made (schema versions 1 to 11: ten migrations,
//! then one schema file before the codings): there is no migration from it, so
//! it is rebuilt from the built-in seed, keeping every table the user added
//! with its rows (and their indexes), and the old file is kept beside the
//! new one, so that nothing of the user's is lost.

use std::path::{Path, PathBuf};

use anyhow::Context;
use rusqlite::Connection;

use super::explain;
use super::state::replace;
use crate::seed::Summary;

/// Rebuild the database at `path`, of schema `version`, as `built` from the
/// built-in seed, and say on stderr what happened.
pub fn rebuild(path: &Path, version: i64, built: (Connection, Summary)) -> anyhow::Result<()> {
    let (fresh, summary) = built;
    let kept = keep_user_tables(&fresh, path)
        .with_context(|| format!("copying your own tables from {}", path.display()))?;
    // Beside it, named for its schema version.
    let mut old = path.as_os_str().to_owned();
    old.push(format!(".v{version}"));
    let old = PathBuf::from(old);
    std::fs::copy(path, &old)
        .with_context(|| format!("keeping a copy of {} as {}", path.display(), old.display()))?;
    if let Err(err) = replace(path, &fresh) {
        // The old file is still in place: no copy of it is needed.
        let _ = std::fs::remove_file(&old);
        return Err(err);
    }
    let tables = if kept.is_empty() {
        "it held no tables of your own".to_string()
    } else {
        format!("kept your tables {}", kept.join(", "))
    };
    let (shown, facts, old) = (path.display(), summary.facts(), old.display());
    eprintln!(
        "apsc: {shown} was made by an earlier apsc (schema version {version}): rebuilt it from \
         the built-in seed ({facts} facts) and {tables}; the old file is kept as {old} (if it was \
         loaded from a seed folder DIR, run `{}`)",
        explain::hint(path, "seed --from DIR"),
    );
    Ok(())
}

/// Copy into `fresh` every table of the file at `path` that apsc's schema
/// does not define, with its rows and indexes; returns them as
/// `name (N rows)`. Foreign keys are off while copying: a user's row may
/// name a fact the built-in seed no longer has.
fn keep_user_tables(fresh: &Connection, path: &Path) -> anyhow::Result<Vec<String>> {
    fresh.execute("ATTACH ?1 AS older", [path.to_string_lossy()])?;
    fresh.pragma_update(None, "foreign_keys", false)?;
    // The full-text index's shadow tables are apsc's, whatever its version.
    let mut stmt = fresh.prepare(
        "SELECT t.name, t.sql, (SELECT group_concat(i.sql, ';') FROM older.sqlite_master i
                                 WHERE i.type = 'index' AND i.tbl_name = t.name)
           FROM older.sqlite_master t
          WHERE t.type = 'table' AND t.sql IS NOT NULL AND t.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
            AND t.name NOT LIKE 'passages\\_fts%' ESCAPE '\\'
            AND t.name NOT IN (SELECT name FROM main.sqlite_master)
          ORDER BY t.name",
    )?;
    let theirs: Vec<(String, String, Option<String>)> = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let mut kept = Vec::new();
    for (table, sql, indexes) in theirs {
        fresh.execute_batch(&sql)?;
        let quoted = format!("\"{}\"", table.replace('"', "\"\""));
        let copy = format!("INSERT INTO main.{quoted} SELECT * FROM older.{quoted}");
        let rows = fresh.execute(&copy, [])?;
        fresh.execute_batch(&indexes.unwrap_or_default())?;
        kept.push(format!("{table} ({rows} rows)"));
    }
    fresh.pragma_update(None, "foreign_keys", true)?;
    fresh.execute("DETACH older", [])?;
    Ok(kept)
}
