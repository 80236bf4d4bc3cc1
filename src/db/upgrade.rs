//! A database an earlier apsc made (schema versions 1 to 11: ten migrations,
//! then one schema file before the codings): there is no migration from it, so
//! it is rebuilt from the built-in seed, keeping every table the user added
//! with its rows (and their indexes), and the old file is kept beside the
//! new one, so that nothing of the user's is lost.

use std::path::{Path, PathBuf};

use anyhow::Context;
use rusqlite::Connection;

use super::{PAGE_SIZE, catalog, explain, load_seed, migrate, replace};
use crate::seed::SeedDir;

/// Rebuild the database at `path`, of schema `version`, and say on stderr
/// what happened.
pub fn rebuild(path: &Path, version: i64) -> anyhow::Result<()> {
    let mut fresh = Connection::open_in_memory()?;
    fresh.pragma_update(None, "page_size", PAGE_SIZE)?;
    fresh.pragma_update(None, "foreign_keys", true)?;
    migrate(&mut fresh)?;
    let summary = load_seed(&mut fresh, &SeedDir::embedded())?;
    let kept = keep_user_tables(&fresh, path)
        .with_context(|| format!("copying your own tables from {}", path.display()))?;
    let old = kept_as(path, version);
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
    eprintln!(
        "apsc: {} was made by an earlier apsc (schema version {version}): rebuilt it from the \
         built-in seed ({} facts) and {tables}; the old file is kept as {} (if it was loaded \
         from a seed folder DIR, run `{}`)",
        path.display(),
        summary.facts(),
        old.display(),
        explain::hint(path, "seed --from DIR"),
    );
    Ok(())
}

/// Where the old file is kept: beside it, named for its schema version.
fn kept_as(path: &Path, version: i64) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!(".v{version}"));
    name.into()
}

/// Copy into `fresh` every table of the file at `path` that apsc's schema
/// does not define, with its rows and indexes; returns them as
/// `name (N rows)`. Foreign keys are off while copying: a user's row may
/// name a fact the built-in seed no longer has.
fn keep_user_tables(fresh: &Connection, path: &Path) -> anyhow::Result<Vec<String>> {
    fresh.execute("ATTACH ?1 AS older", [path.to_string_lossy()])?;
    fresh.pragma_update(None, "foreign_keys", false)?;
    let ours: Vec<String> = catalog::relations(fresh)?
        .into_iter()
        .map(|r| r.name)
        .collect();
    let mut stmt = fresh.prepare(
        "SELECT name, sql FROM older.sqlite_master
          WHERE type = 'table' AND sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
            AND name NOT LIKE 'passages\\_fts%' ESCAPE '\\' AND name <> 'refinery_schema_history'
          ORDER BY name",
    )?;
    let theirs: Vec<(String, String)> = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut kept = Vec::new();
    for (table, sql) in theirs.into_iter().filter(|(t, _)| !ours.contains(t)) {
        fresh.execute_batch(&sql)?;
        let quoted = format!("\"{}\"", table.replace('"', "\"\""));
        let columns: Vec<String> = catalog::columns(fresh, &table)?
            .into_iter()
            .map(|c| format!("\"{}\"", c.name.replace('"', "\"\"")))
            .collect();
        let columns = columns.join(", ");
        let rows = fresh.execute(
            &format!("INSERT INTO main.{quoted} ({columns}) SELECT {columns} FROM older.{quoted}"),
            [],
        )?;
        let mut indexes = fresh.prepare(
            "SELECT sql FROM older.sqlite_master WHERE type = 'index' AND tbl_name = ?1
               AND sql IS NOT NULL",
        )?;
        let indexes: Vec<String> = indexes
            .query_map([&table], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        for index in indexes {
            fresh.execute_batch(&index)?;
        }
        kept.push(format!("{table} ({rows} rows)"));
    }
    fresh.pragma_update(None, "foreign_keys", true)?;
    fresh.execute("DETACH older", [])?;
    Ok(kept)
}
