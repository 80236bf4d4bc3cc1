//! The vocabularies: each one term table that every column holding its terms
//! refers to, enforced for any tool that writes to the file; and the upgrade
//! of a version 2 database, where the terms were CHECK lists, keeping every row.

use rusqlite::Connection;

use crate::util::{TestDir, strings};

/// Every column that holds a controlled term, with the term table it refers
/// to: China's role on the four event tables, partners' roles on the five
/// link tables, each fact table's kind and form, a partner's kind, a figure's
/// fact table and qualifier, and the fact table of a context date.
const TERM_COLUMNS: &[(&str, &str, &str)] = &[
    ("agreement_partners", "role", "partner_roles"),
    ("agreements", "china_role", "china_roles"),
    ("agreements", "form", "forms"),
    ("agreements", "kind", "agreement_kinds"),
    ("context_dates", "fact_table", "fact_tables"),
    ("exercise_partners", "role", "partner_roles"),
    ("exercises", "china_role", "china_roles"),
    ("exercises", "form", "forms"),
    ("exercises", "kind", "exercise_kinds"),
    ("figures", "fact_table", "fact_tables"),
    ("figures", "qualifier", "figure_qualifiers"),
    ("meeting_partners", "role", "partner_roles"),
    ("meetings", "china_role", "china_roles"),
    ("meetings", "form", "forms"),
    ("meetings", "kind", "meeting_kinds"),
    ("mention_waivers", "fact_table", "fact_tables"),
    ("operation_partners", "role", "partner_roles"),
    ("operations", "china_role", "china_roles"),
    ("operations", "form", "forms"),
    ("operations", "kind", "operation_kinds"),
    ("partners", "kind", "partner_kinds"),
    ("statement_partners", "role", "partner_roles"),
    ("statements", "form", "forms"),
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

/// A tool that enforces foreign keys (apsc, plain rusqlite, DB Browser)
/// refuses a value outside its vocabulary, and accepts every term of it.
#[test]
fn a_tool_cannot_write_a_term_outside_its_vocabulary() {
    let t = TestDir::new();
    t.seeded();
    let mut conn = Connection::open(t.db()).unwrap();
    conn.pragma_update(None, "foreign_keys", true).unwrap();
    let tx = conn.transaction().unwrap();
    // One waiver at least, to try the column on.
    tx.execute(
        "INSERT OR IGNORE INTO mention_waivers (fact_table, fact_id, name, reason)
         SELECT 'meetings', min(id), 'the US', 'a test' FROM meetings",
        [],
    )
    .unwrap();
    // One context date only, so that moving it to another fact's table
    // meets no other row's key.
    tx.execute(
        "DELETE FROM context_dates WHERE rowid > (SELECT min(rowid) FROM context_dates)",
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
