//! Databases of earlier schema versions, rebuilt keeping the user's tables, and
//! the migrations as readable SQL files.

use crate::util::{TestDir, strings};

/// A database as an earlier apsc left it at schema `version` (2, the first
/// release, 10, the last before the schema became one file, or 11, that file
/// before the codings of form, context dates and identifiers), seeded, with
/// a table the user added (`my_reading_notes`, two rows): a dump made by
/// that apsc's migrations, kept in tests/fixtures.
fn earlier_database(t: &TestDir, version: u32) {
    let path = format!(
        "{}/tests/fixtures/schema-v{version}.sql",
        env!("CARGO_MANIFEST_DIR")
    );
    let dump = std::fs::read_to_string(path).unwrap();
    rusqlite::Connection::open(t.db())
        .unwrap()
        .execute_batch(&dump)
        .unwrap();
}

#[test]
fn databases_of_earlier_versions_are_rebuilt_keeping_the_users_tables() {
    for version in [2, 10, 11] {
        let t = TestDir::new();
        earlier_database(&t, version);
        let notes =
            "SELECT coalesce(fact_id, '-') || ': ' || note FROM my_reading_notes ORDER BY rowid";
        let before = strings(&t.conn(), notes, []);
        assert_eq!(before.len(), 2);
        let run = t.apsc(&["report", "overview", "--format", "csv"]).success();
        let err = run.stderr();
        for said in [
            format!("apsc.db was made by an earlier apsc (schema version {version})"),
            "rebuilt it from the built-in seed (96 facts)".to_string(),
            "kept your tables my_reading_notes (2 rows)".to_string(),
            format!("apsc.db.v{version} (if it was loaded from a seed folder"),
        ] {
            assert!(err.contains(&said), "v{version}: {err}");
        }
        assert_eq!(strings(&t.conn(), notes, []), before, "v{version}");
        let old = rusqlite::Connection::open(t.path().join(format!("apsc.db.v{version}"))).unwrap();
        assert_eq!(
            strings(&old, notes, []),
            before,
            "the kept copy of v{version}"
        );
        // The rebuilt file is this apsc's, whole; the next command says nothing.
        t.apsc(&["check", "--format", "csv"]).checks_hold();
        t.apsc(&["report", "overview"]).success().clean_stderr();
    }
}

#[test]
fn every_migration_is_one_readable_sql_file() {
    let dir = format!("{}/migrations", env!("CARGO_MANIFEST_DIR"));
    let mut lines = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        assert_eq!(path.extension().unwrap(), "sql", "{}", path.display());
        lines += std::fs::read_to_string(&path).unwrap().lines().count();
    }
    assert!(lines <= 700, "{lines} lines of migrations");
}
