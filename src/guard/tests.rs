//! The guard's verdicts, on in-memory connections: each statement prepared
//! under the guard, the refusal matched by kind.

use super::*;

/// A connection with one table, under the guard in `mode`.
fn guarded(mode: Mode) -> anyhow::Result<(Connection, Guard)> {
    let mut conn = Connection::open_in_memory()?;
    conn.execute_batch("CREATE TABLE areas (id TEXT PRIMARY KEY, name TEXT)")?;
    let guard = Guard::install(&mut conn, mode, None)?;
    Ok((conn, guard))
}

/// The guard's verdict on `sql`: None when it prepares.
fn judge(conn: &Connection, guard: &Guard, sql: &str) -> Option<Refusal> {
    if let Some(refusal) = statement_verdict(sql, guard.mode(), true) {
        return Some(refusal);
    }
    match conn.prepare(sql) {
        Ok(_) => None,
        Err(_) => guard.take_refusal(),
    }
}

#[test]
fn reading_pragmas_are_allowed() -> anyhow::Result<()> {
    let (conn, guard) = guarded(Mode::ReadOnly)?;
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
    ] {
        assert_eq!(judge(&conn, &guard, sql), None, "{sql}");
    }
    Ok(())
}

#[test]
fn each_change_is_refused_for_its_true_reason() -> anyhow::Result<()> {
    let (conn, guard) = guarded(Mode::ReadOnly)?;
    // The text inside each expected refusal does not matter: only its kind.
    let kind = |r: &Refusal| std::mem::discriminant(r);
    let change = Refusal::Change(String::new());
    let outside = Refusal::Outside(String::new());
    let cases = [
        ("DELETE FROM areas", &change),
        ("CREATE TABLE t (x)", &change),
        ("PRAGMA user_version = 7", &change),
        ("PRAGMA optimize", &change),
        ("VACUUM", &change),
        ("VACUUM INTO 'copy.db'", &outside),
        ("ATTACH ':memory:' AS x", &outside),
        ("PRAGMA journal_mode = WAL", &Refusal::Layout(String::new())),
        ("PRAGMA query_only = 0", &Refusal::Setting(String::new())),
        (
            "PRAGMA foreign_keys = OFF",
            &Refusal::Setting(String::new()),
        ),
        (
            "PRAGMA no_such_pragma",
            &Refusal::UnknownPragma(String::new()),
        ),
    ];
    for (sql, expected) in cases {
        let refusal = judge(&conn, &guard, sql);
        assert_eq!(
            refusal.as_ref().map(kind),
            Some(kind(expected)),
            "{sql}: {refusal:?}"
        );
    }
    Ok(())
}

#[test]
fn temporary_tables_and_views_are_allowed_read_only() -> anyhow::Result<()> {
    let (conn, guard) = guarded(Mode::ReadOnly)?;
    for sql in [
        "CREATE TEMP TABLE t (x)",
        "INSERT INTO t VALUES (1)",
        "UPDATE temp.t SET x = 2",
        "CREATE TEMP VIEW v AS SELECT * FROM areas",
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
    let (conn, guard) = guarded(Mode::Write)?;
    for sql in [
        "DELETE FROM areas",
        "PRAGMA user_version = 7",
        "CREATE TABLE t (x)",
    ] {
        assert_eq!(judge(&conn, &guard, sql), None, "{sql}");
    }
    for sql in ["BEGIN", "COMMIT"] {
        let refusal = judge(&conn, &guard, sql);
        assert!(
            matches!(refusal, Some(Refusal::Transaction(_))),
            "{sql}: {refusal:?}"
        );
    }
    let refusal = judge(&conn, &guard, "ATTACH 'x.db' AS x");
    assert!(matches!(refusal, Some(Refusal::Outside(_))), "{refusal:?}");
    Ok(())
}

#[test]
fn vacuum_runs_only_alone_and_only_with_write() {
    assert_eq!(statement_verdict("VACUUM", Mode::Write, true), None);
    assert!(matches!(
        statement_verdict("VACUUM", Mode::Write, false),
        Some(Refusal::Transaction(_))
    ));
    assert!(matches!(
        statement_verdict("VACUUM INTO 'x'", Mode::Write, true),
        Some(Refusal::Outside(_))
    ));
    assert_eq!(statement_verdict("SELECT 1", Mode::ReadOnly, false), None);
}

#[test]
fn vacuum_is_told_from_other_statements() {
    assert_eq!(vacuum("VACUUM"), Some(false));
    assert_eq!(vacuum("  -- tidy\n/* up */ vacuum main"), Some(false));
    assert_eq!(vacuum("VACUUM INTO 'x.db'"), Some(true));
    assert_eq!(vacuum("SELECT 'VACUUM'"), None);
    assert_eq!(vacuum("-- VACUUM\nSELECT 1"), None);
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
