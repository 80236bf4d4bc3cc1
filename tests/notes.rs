//! The column notes: every table, view and column of the database has one,
//! and no note describes a table or column that does not exist.

use std::collections::BTreeSet;

use crate::util::{TestDir, number};

#[test]
fn every_table_view_and_column_has_a_note() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    let relations = "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')
        AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'passages_fts%'
        AND name <> 'refinery_schema_history'";
    let mut stmt = conn
        .prepare(&format!(
            "SELECT m.name, p.name FROM ({relations}) m, pragma_table_xinfo(m.name) p
              WHERE NOT EXISTS (SELECT 1 FROM column_notes c
                                 WHERE c.table_name = m.name AND c.column_name = p.name)
             UNION ALL
             SELECT m.name, '' FROM ({relations}) m
              WHERE NOT EXISTS (SELECT 1 FROM column_notes c
                                 WHERE c.table_name = m.name AND c.column_name = '')"
        ))
        .unwrap();
    let missing: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        missing.is_empty(),
        "no note (schema/columns.csv): {missing:?}"
    );
    assert!(number(&conn, "SELECT count(*) FROM column_notes") > 200);
}

#[test]
fn no_note_describes_what_is_not_there() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    let mut stmt = conn
        .prepare(
            "SELECT m.name, p.name FROM sqlite_master m, pragma_table_xinfo(m.name) p
              WHERE m.type IN ('table', 'view')",
        )
        .unwrap();
    let columns: BTreeSet<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let tables: BTreeSet<&str> = columns.iter().map(|(t, _)| t.as_str()).collect();
    for note in apsc::db::notes::written() {
        let known = match (note.table.as_str(), note.column.as_str()) {
            ("*", column) => columns.iter().any(|(_, c)| c == column),
            (table, "") => tables.contains(table),
            (table, column) => columns.contains(&(table.to_string(), column.to_string())),
        };
        assert!(
            known,
            "a note on {}.{} which does not exist",
            note.table, note.column
        );
    }
}

/// Notes another apsc wrote (or none) are rewritten by the next command that
/// may write the file; the file's stamp of its notes tells them apart.
#[test]
fn notes_of_another_apsc_are_rewritten_on_the_next_command() {
    let t = TestDir::new();
    t.seeded();
    let count = |t: &TestDir| -> i64 {
        t.conn()
            .query_row("SELECT count(*) FROM column_notes", [], |r| r.get(0))
            .unwrap()
    };
    let written = count(&t);
    assert!(written > 100, "only {written} notes");
    let stamp: i32 = t
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_ne!(stamp, 0, "the seed left no stamp of its notes");
    // An older apsc's file: other notes, and no stamp of this binary's.
    t.conn()
        .execute_batch(
            "DELETE FROM column_notes WHERE table_name = 'meetings'; PRAGMA user_version = 0;",
        )
        .unwrap();
    assert!(count(&t) < written);
    t.apsc(&["report", "overview"]).success();
    assert_eq!(count(&t), written);
    // With the stamp current, a command reads without rewriting anything.
    t.conn()
        .execute_batch("DELETE FROM column_notes WHERE table_name = 'meetings';")
        .unwrap();
    t.apsc(&["report", "overview"]).success();
    assert!(
        count(&t) < written,
        "the notes were rewritten though current"
    );
}
