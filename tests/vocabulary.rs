//! The vocabularies: each one term table that every column holding its terms
//! refers to, enforced for any tool that writes to the file; and the upgrade
//! of a version 2 database, where the terms were CHECK lists, keeping every row.

use rusqlite::Connection;

use crate::util::{TestDir, dump, older_copy_of, strings, tables};

/// Every column that holds a controlled term, with the term table it refers
/// to: China's role on the four event tables, partners' roles on the five
/// link tables, each fact table's kind, a partner's kind, and a figure's fact
/// table and qualifier.
const TERM_COLUMNS: &[(&str, &str, &str)] = &[
    ("agreement_partners", "role", "partner_roles"),
    ("agreements", "china_role", "china_roles"),
    ("agreements", "kind", "agreement_kinds"),
    ("exercise_partners", "role", "partner_roles"),
    ("exercises", "china_role", "china_roles"),
    ("exercises", "kind", "exercise_kinds"),
    ("figures", "fact_table", "fact_tables"),
    ("figures", "qualifier", "figure_qualifiers"),
    ("meeting_partners", "role", "partner_roles"),
    ("meetings", "china_role", "china_roles"),
    ("meetings", "kind", "meeting_kinds"),
    ("mention_waivers", "fact_table", "fact_tables"),
    ("operation_partners", "role", "partner_roles"),
    ("operations", "china_role", "china_roles"),
    ("operations", "kind", "operation_kinds"),
    ("partners", "kind", "partner_kinds"),
    ("statement_partners", "role", "partner_roles"),
    ("statements", "kind", "statement_kinds"),
];

#[test]
fn each_vocabulary_is_one_term_table_that_every_term_column_refers_to() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    let mut stmt = conn
        .prepare(
            "SELECT m.name, f.\"from\", f.\"table\" FROM sqlite_master m, pragma_foreign_key_list(m.name) f
             WHERE m.type = 'table' AND f.\"to\" = 'term' ORDER BY 1, 2",
        )
        .unwrap();
    let keyed: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let expected: Vec<(String, String, String)> = TERM_COLUMNS
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(keyed, expected);
    // The vocabulary view lists each term table's terms, each once.
    for (_, _, terms) in TERM_COLUMNS {
        let in_table = strings(
            &conn,
            &format!("SELECT term FROM {terms} ORDER BY term"),
            [],
        );
        assert!(!in_table.is_empty(), "{terms} is empty");
        let domain = terms.strip_suffix('s').unwrap();
        let in_view = strings(
            &conn,
            "SELECT term FROM vocabulary WHERE domain = ?1 ORDER BY term",
            [domain],
        );
        assert_eq!(in_view, in_table, "vocabulary view for {domain}");
    }
    let duplicates: i64 = conn
        .query_row(
            "SELECT count(*) FROM (SELECT 1 FROM vocabulary GROUP BY domain, term HAVING count(*) > 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(duplicates, 0);
}

/// Any tool may write to the file, with foreign keys enforced (plain
/// rusqlite, bundled, turns them on) or not (the sqlite3 shell leaves them
/// off): a value outside its vocabulary is refused either way, and every term
/// of it is accepted.
#[test]
fn a_tool_cannot_write_a_term_outside_its_vocabulary_with_or_without_foreign_keys() {
    let t = TestDir::new();
    t.seeded();
    for enforce in [true, false] {
        let mut conn = Connection::open(t.db()).unwrap();
        conn.pragma_update(None, "foreign_keys", enforce).unwrap();
        let tx = conn.transaction().unwrap();
        // One waiver at least, to try the column on.
        tx.execute(
            "INSERT OR IGNORE INTO mention_waivers (fact_table, fact_id, name, reason)
             SELECT 'meetings', min(id), 'the US', 'a test' FROM meetings",
            [],
        )
        .unwrap();
        for &(table, column, terms) in TERM_COLUMNS {
            try_every_term(&tx, table, column, terms);
        }
        let refused = tx.execute(
            "INSERT INTO meeting_partners (meeting_id, partner_id, role)
             SELECT id, 'japan', 'overlord' FROM meetings LIMIT 1",
            [],
        );
        assert!(refused.is_err(), "an unknown role was inserted");
    }
}

/// Set `table.column` of one row to each term of `terms` (accepted), then to
/// a value that is none of them (refused as a constraint violation).
fn try_every_term(conn: &Connection, table: &str, column: &str, terms: &str) {
    // The rows with the least key (a link table has no rowid).
    let key = strings(
        conn,
        &format!("SELECT name FROM pragma_table_info('{table}') WHERE pk = 1"),
        [],
    )
    .remove(0);
    let row = format!("{key} = (SELECT min({key}) FROM {table} WHERE {column} IS NOT NULL)");
    for term in strings(conn, &format!("SELECT term FROM {terms}"), []) {
        // A figure's fact_id must name a row of its fact_table.
        let also = if column == "fact_table" {
            format!(", fact_id = (SELECT min(id) FROM {term})")
        } else {
            String::new()
        };
        let changed = conn
            .execute(
                &format!("UPDATE {table} SET {column} = ?1{also} WHERE {row}"),
                [&term],
            )
            .unwrap_or_else(|e| panic!("{table}.{column} refused the term {term:?}: {e}"));
        assert!(changed > 0, "no row of {table} to try {column} on");
    }
    let refused = conn
        .execute(
            &format!("UPDATE {table} SET {column} = 'not-a-term' WHERE {row}"),
            [],
        )
        .expect_err(&format!(
            "{table}.{column} accepted a value outside {terms}"
        ));
    assert_eq!(
        refused.sqlite_error_code(),
        Some(rusqlite::ErrorCode::ConstraintViolation),
        "{refused}"
    );
}

#[test]
fn a_version_2_database_upgrades_to_version_3_keeping_every_row() {
    let t = TestDir::new();
    t.seeded();
    let old = t.path().join("v2.db");
    let mut conn = older_copy_of(&t.db(), &old, 2);
    let columns = |conn: &Connection, table: &str| {
        strings(conn, "SELECT name FROM pragma_table_info(?1)", [table])
    };
    assert_eq!(columns(&conn, "corrections")[1..3], ["from", "to"]);
    let vocabulary = dump(&conn, "vocabulary");
    assert!(vocabulary.len() > 50);
    let before: Vec<(String, Vec<String>)> = tables(&conn)
        .into_iter()
        .filter(|table| table != "refinery_schema_history" && table != "vocabulary")
        .map(|table| (table.clone(), dump(&conn, &table)))
        .collect();

    apsc::db::runner()
        .set_grouped(true)
        .set_target(refinery::Target::Version(3))
        .run(&mut conn)
        .unwrap();

    for (table, rows) in &before {
        assert_eq!(&dump(&conn, table), rows, "rows of {table}");
    }
    assert_eq!(dump(&conn, "vocabulary"), vocabulary);
    assert_eq!(
        columns(&conn, "corrections")[1..3],
        ["find", "replace_with"]
    );
    let violations = strings(&conn, "SELECT \"table\" FROM pragma_foreign_key_check", []);
    assert!(violations.is_empty(), "{violations:?}");
    let integrity = strings(&conn, "PRAGMA integrity_check", []);
    assert_eq!(integrity, ["ok"]);
    // The report views still read the rebuilt tables.
    for view in strings(
        &conn,
        "SELECT name FROM sqlite_master WHERE type = 'view' AND name LIKE 'report%'",
        [],
    ) {
        conn.query_row(&format!("SELECT count(*) FROM {view}"), [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap_or_else(|e| panic!("{view}: {e}"));
    }
    // Later versions add columns: on from version 3, to this apsc's.
    apsc::db::migrate(&mut conn).unwrap();
    drop(conn);
    // And apsc finds the schema exactly as a new database has it (the
    // mentions hold once the file is seeded with this apsc's seed, whose
    // member-states links the older file could not hold).
    t.apsc(&["--db", old.to_str().unwrap(), "check", "--format", "csv"])
        .checks_hold_but(&["mentions", "rows"]);
}
