//! The schema contract: the tables and columns other tools rely on, plain
//! SQLite any tool can open, declared keys, checked dates. Databases of
//! earlier versions and the migrations have a module of their own.

mod migrations;

use std::process::Command;

use crate::util::{TestDir, columns, python_with, require_tool, strings, tables};

/// Tables and columns the contract names; the schema may add more beside them.
const CONTRACT: &[(&str, &[&str])] = &[
    (
        "documents",
        &[
            "id",
            "title",
            "publisher",
            "published",
            "source_text",
            "text",
            "source_sha256",
        ],
    ),
    (
        "passages",
        &[
            "id",
            "document_id",
            "section",
            "heading",
            "ordinal",
            "text",
            "start_offset",
            "end_offset",
        ],
    ),
    ("areas", &["id", "section", "name"]),
    ("partners", &["id", "name", "kind", "iso3", "is_subject"]),
    ("partner_aliases", &["alias", "partner_id", "note"]),
    (
        "meetings",
        &[
            "id",
            "name",
            "kind",
            "area_id",
            "china_role",
            "date_start",
            "date_end",
            "date_text",
            "quote",
            "passage_id",
        ],
    ),
    (
        "exercises",
        &[
            "id",
            "name",
            "kind",
            "area_id",
            "china_role",
            "date_start",
            "date_end",
            "date_text",
            "quote",
            "passage_id",
        ],
    ),
    (
        "agreements",
        &[
            "id",
            "name",
            "kind",
            "area_id",
            "china_role",
            "date_start",
            "date_end",
            "date_text",
            "quote",
            "passage_id",
        ],
    ),
    (
        "operations",
        &[
            "id",
            "name",
            "kind",
            "area_id",
            "china_role",
            "date_start",
            "date_end",
            "date_text",
            "quote",
            "passage_id",
        ],
    ),
    ("meeting_partners", &["meeting_id", "partner_id", "role"]),
    ("exercise_partners", &["exercise_id", "partner_id", "role"]),
    (
        "agreement_partners",
        &["agreement_id", "partner_id", "role"],
    ),
    (
        "operation_partners",
        &["operation_id", "partner_id", "role"],
    ),
    (
        "figures",
        &[
            "id",
            "fact_table",
            "fact_id",
            "metric",
            "value",
            "unit",
            "qualifier",
            "quote",
        ],
    ),
    (
        "statements",
        &["id", "area_id", "kind", "quote", "passage_id"],
    ),
];

#[test]
fn the_contract_tables_and_columns_exist() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    for (table, expected) in CONTRACT {
        let have = columns(&conn, table);
        for column in *expected {
            assert!(
                have.iter().any(|c| c == column),
                "{table}.{column} is missing (has {have:?})"
            );
        }
    }
    let fts: String = conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'passages_fts'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(fts.contains("fts5"), "{fts}");
    // Datasette finds the index for ?_search= only when it is written so.
    assert!(fts.contains("content=\"passages\""), "{fts}");
}

#[test]
fn no_table_is_strict_and_every_reference_is_a_declared_foreign_key() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    for table in tables(&conn) {
        let sql: String = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE name = ?1",
                [&table],
                |r| r.get(0),
            )
            .unwrap();
        assert!(!sql.to_uppercase().contains("STRICT"), "{table} is STRICT");
        // Every column named like a reference (x_id, other than figures.fact_id) has a key.
        let mut stmt = conn
            .prepare("SELECT \"from\" FROM pragma_foreign_key_list(?1)")
            .unwrap();
        let keyed: Vec<String> = stmt
            .query_map([&table], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for column in columns(&conn, &table) {
            let is_reference = column.ends_with("_id") && column != "fact_id";
            if is_reference {
                assert!(
                    keyed.contains(&column),
                    "{table}.{column} has no declared foreign key"
                );
            }
        }
    }
}

#[test]
fn apsc_connections_enforce_foreign_keys() {
    let t = TestDir::new();
    t.seeded();
    t.apsc(&[
        "sql",
        "--format",
        "csv",
        "--no-header",
        "PRAGMA foreign_keys",
    ])
    .success()
    .stdout_has("1\r\n");
    t.apsc(&[
        "sql",
        "--write",
        "INSERT INTO meeting_partners (meeting_id, partner_id, role) VALUES ('wic-2', 'atlantis', 'participant')",
    ])
    .code_is(4)
    .stderr_has("FOREIGN KEY constraint failed");
}

#[test]
fn dates_are_checked_and_their_bounds_derived_by_the_schema() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    let set = |edtf: &str| {
        conn.execute(
            "UPDATE operations SET date_text = 'x', date_edtf = ?1 WHERE id = 'mh370-search'",
            [edtf],
        )
    };
    let bounds = || {
        strings(
            &conn,
            "SELECT coalesce(date_start, '-') || ' ' || coalesce(date_end, '-')
               FROM operations WHERE id = 'mh370-search'",
            [],
        )
    };
    for (good, derived) in [
        ("2015", "2015 -"),
        ("2015-10?", "2015-10 -"),
        ("2016-02-29~", "2016-02-29 -"),
        ("2008-12/2016-01", "2008-12 2016-01"),
        ("2015%/2016", "2015 2016"),
        ("2015/..", "2015 -"),
        ("2016-05/2016", "2016-05 2016"),
    ] {
        set(good).unwrap_or_else(|e| panic!("{good} refused: {e}"));
        assert_eq!(bounds(), [derived], "{good}");
    }
    for bad in [
        "2015-13",
        "2015-02-30",
        "15",
        "2015-1",
        "2015??",
        "2015/",
        "/2015",
        "../2015",
        "2015/..?",
        "2016-05/2016-04",
        "2015/2016/2017",
        "2015\0",
        "2015 ",
    ] {
        assert!(set(bad).is_err(), "{bad:?} accepted");
    }
    // A date in words needs its EDTF form, and the other way round.
    assert!(
        conn.execute(
            "UPDATE operations SET date_edtf = NULL WHERE id = 'mh370-search'",
            []
        )
        .is_err()
    );
    assert!(
        conn.execute(
            "UPDATE operations SET date_text = NULL WHERE id = 'mh370-search'",
            []
        )
        .is_err()
    );
    // The bounds are derived: nobody writes them.
    assert!(
        conn.execute(
            "UPDATE operations SET date_start = '2015' WHERE id = 'mh370-search'",
            []
        )
        .is_err()
    );
}

#[test]
fn the_sqlite3_shell_opens_the_file_and_reads_every_table() {
    if !require_tool("sqlite3") {
        return;
    }
    let t = TestDir::new();
    t.seeded();
    let out = Command::new("sqlite3")
        .arg(t.db())
        .arg(".tables")
        .output()
        .unwrap();
    assert!(out.status.success());
    let listed = String::from_utf8(out.stdout).unwrap();
    let tables = tables(&t.conn());
    for table in &tables {
        assert!(
            listed.split_whitespace().any(|n| n == table),
            "{table} not in .tables: {listed}"
        );
    }
    // Every table read by one shell, which stops at the first it cannot read
    // and names it.
    let out = Command::new("sqlite3")
        .args(["-readonly", "-bail"])
        .arg(t.db())
        .args(
            tables
                .iter()
                .map(|table| format!("SELECT count(*) FROM \"{table}\"")),
        )
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "sqlite3 cannot read every table: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let counts = String::from_utf8(out.stdout).unwrap();
    assert_eq!(counts.lines().count(), tables.len(), "{counts}");
}

#[test]
fn python_opens_the_file_and_reads_every_table() {
    let Some(mut python) = python_with("sqlite3") else {
        return;
    };
    let t = TestDir::new();
    t.seeded();
    let script = "import sqlite3, sys\n\
        c = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)\n\
        names = [r[0] for r in c.execute(\"SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'\")]\n\
        for n in names:\n    c.execute('SELECT * FROM \"%s\"' % n).fetchall()\n\
        print(len(names))\n";
    let out = python.arg("-c").arg(script).arg(t.db()).output().unwrap();
    assert!(
        out.status.success(),
        "python: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let n: usize = String::from_utf8(out.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(n >= tables(&t.conn()).len());
}
