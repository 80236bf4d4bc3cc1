//! The guard's refusals, on in-memory connections: each statement prepared
//! under the guard, the refusal matched by the reason it gives.

use super::*;

/// A connection with one table, under the guard, with `--write` or not.
fn guarded(write: bool) -> anyhow::Result<(Connection, Guard)> {
    let mut conn = Connection::open_in_memory()?;
    conn.execute_batch("CREATE TABLE areas (id TEXT PRIMARY KEY, name TEXT)")?;
    let guard = Guard::install(&mut conn, write, None)?;
    Ok((conn, guard))
}

/// The guard's refusal of `sql`, alone in its SQL: None when it prepares.
fn judge(conn: &Connection, guard: &Guard, sql: &str) -> Option<String> {
    if let Some(refusal) = vacuum_refusal(sql, guard.write, true) {
        return Some(refusal);
    }
    match conn.prepare(sql) {
        Ok(_) => None,
        Err(err) => Some(format!("{:#}", guard.explain(err))),
    }
}

#[test]
fn reading_pragmas_are_allowed() -> anyhow::Result<()> {
    let (conn, guard) = guarded(false)?;
    for sql in [
        "PRAGMA journal_mode",
        "PRAGMA foreign_keys",
        "PRAGMA user_version",
        "PRAGMA table_info(areas)",
        "PRAGMA table_info(no_such_table)",
        "PRAGMA main.table_info(areas)",
        "PRAGMA integrity_check(3)",
        "PRAGMA page_size",
        "PRAGMA cache_size",
        "PRAGMA query_only",
        "PRAGMA wal_checkpoint",
    ] {
        assert_eq!(judge(&conn, &guard, sql), None, "{sql}");
    }
    Ok(())
}

#[test]
fn each_change_is_refused_for_its_true_reason() -> anyhow::Result<()> {
    let (conn, guard) = guarded(false)?;
    let change = "would change the database, which is opened read-only; run with --write";
    let outside = "is never allowed: apsc reads and writes only its own database file";
    let setting = "would change a setting of the file or of apsc's connection";
    for (sql, reason) in [
        ("DELETE FROM areas", change),
        ("CREATE TABLE t (x)", change),
        ("PRAGMA user_version = 7", change),
        ("PRAGMA optimize", change),
        ("VACUUM", change),
        ("VACUUM INTO 'copy.db'", outside),
        ("ATTACH ':memory:' AS x", outside),
        ("SELECT load_extension('x')", outside),
        ("PRAGMA journal_mode = WAL", setting),
        ("PRAGMA query_only = 0", setting),
        ("PRAGMA foreign_keys = OFF", setting),
        ("PRAGMA no_such_pragma", "is not a pragma SQLite knows"),
        (
            "DELETE FROM sqlite_master",
            "SQLite's own record of the schema",
        ),
    ] {
        let refusal = judge(&conn, &guard, sql).unwrap_or_default();
        assert!(refusal.contains(reason), "{sql}: {refusal}");
    }
    Ok(())
}

#[test]
fn temporary_tables_views_and_triggers_are_allowed_read_only() -> anyhow::Result<()> {
    let (conn, guard) = guarded(false)?;
    for sql in [
        "CREATE TEMP TABLE t (x)",
        "INSERT INTO t VALUES (1)",
        "UPDATE temp.t SET x = 2",
        "CREATE TEMP VIEW v AS SELECT * FROM areas",
        "CREATE TEMP TRIGGER g AFTER INSERT ON t BEGIN SELECT 1; END",
        "CREATE INDEX temp.i ON t (x)",
        "SELECT * FROM v",
        "DELETE FROM t",
        "DROP VIEW v",
        "DROP TABLE t",
    ] {
        assert_eq!(judge(&conn, &guard, sql), None, "{sql}");
        conn.execute_batch(sql)?;
    }
    Ok(())
}

#[test]
fn with_write_changes_pass_but_transactions_and_outside_files_do_not() -> anyhow::Result<()> {
    let (conn, guard) = guarded(true)?;
    for sql in [
        "DELETE FROM areas",
        "PRAGMA user_version = 7",
        "CREATE TABLE t (x)",
    ] {
        assert_eq!(judge(&conn, &guard, sql), None, "{sql}");
    }
    for sql in ["BEGIN", "COMMIT"] {
        let refusal = judge(&conn, &guard, sql).unwrap_or_default();
        assert!(
            refusal.contains("one transaction of apsc's own"),
            "{sql}: {refusal}"
        );
    }
    for sql in ["ATTACH 'x.db' AS x", "PRAGMA foreign_keys = OFF"] {
        let refusal = judge(&conn, &guard, sql).unwrap_or_default();
        assert!(refusal.starts_with("refused"), "{sql}: {refusal}");
    }
    Ok(())
}

#[test]
fn vacuum_runs_only_alone_and_only_with_write() {
    assert_eq!(vacuum_refusal("VACUUM", true, true), None);
    let refused = |sql, alone| vacuum_refusal(sql, true, alone).unwrap_or_default();
    assert!(refused("VACUUM", false).contains("VACUUM on its own"));
    assert!(refused("VACUUM INTO 'x'", true).contains("never allowed"));
    assert_eq!(vacuum_refusal("SELECT 1", false, false), None);
}

#[test]
fn vacuum_is_told_from_other_statements() {
    assert_eq!(vacuum("VACUUM"), Some(false));
    assert_eq!(vacuum("  -- tidy\n/* up */ vacuum main"), Some(false));
    assert_eq!(vacuum("VACUUM INTO 'x.db'"), Some(true));
    assert_eq!(vacuum("SELECT 'VACUUM'"), None);
    assert_eq!(vacuum("-- VACUUM\nSELECT 1"), None);
    assert_eq!(vacuum("vacuumed"), None);
}

#[test]
fn a_syntax_error_says_where_without_sqlite_codes() -> anyhow::Result<()> {
    let conn = Connection::open_in_memory()?;
    let err = sql_error(conn.prepare("SELECT 1,\n  FROM").unwrap_err());
    let text = format!("{err:#}");
    assert!(error::is_kind(&err, |e| matches!(
        e,
        error::Error::Database(_)
    )));
    assert!(text.contains("line 2"), "{text}");
    assert!(!text.contains("Error code"), "{text}");
    Ok(())
}

#[test]
fn time_waiting_on_the_output_is_not_counted() -> anyhow::Result<()> {
    let count = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 100000) \
                 SELECT count(*) FROM c";
    for waited_on_output in [true, false] {
        let mut conn = Connection::open_in_memory()?;
        let limit = Some(Duration::from_millis(50));
        let guard = Guard::install(&mut conn, false, limit)?;
        std::thread::sleep(Duration::from_millis(60));
        if waited_on_output {
            guard.wait_counter()(Duration::from_secs(3600));
        }
        let ran = conn.query_row(count, [], |_| Ok(()));
        assert_eq!(ran.is_ok(), waited_on_output, "{ran:?}");
    }
    Ok(())
}
