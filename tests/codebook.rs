//! `apsc codebook`: generated from the database, so every table, view,
//! column and controlled term, and every curator's note, is in it.

use crate::util::TestDir;

/// Rows of a query, as text.
fn texts(t: &TestDir, sql: &str) -> Vec<Vec<String>> {
    let conn = t.conn();
    let mut stmt = conn.prepare(sql).unwrap();
    let width = stmt.column_count();
    stmt.query_map([], |r| {
        (0..width)
            .map(|i| r.get::<_, String>(i))
            .collect::<Result<Vec<_>, _>>()
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[test]
fn the_codebook_holds_every_column_term_and_note() {
    let t = TestDir::new();
    t.seeded();
    t.apsc(&["codebook", "-o", "CODEBOOK.md"]).success();
    let book = std::fs::read_to_string(t.path().join("CODEBOOK.md")).unwrap();
    assert_eq!(t.apsc(&["codebook"]).success().stdout(), book);
    let relations = texts(
        &t,
        "SELECT name FROM sqlite_master
          WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
            AND name NOT LIKE 'passages\\_fts%' ESCAPE '\\' AND name <> 'refinery_schema_history'",
    );
    assert!(relations.len() > 30);
    let columns = book.split("## 2. Columns").nth(1).unwrap();
    let columns = columns.split("## 3.").next().unwrap();
    for relation in relations {
        let name = &relation[0];
        let section = columns
            .split(&format!("### `{name}`\n"))
            .nth(1)
            .unwrap_or_else(|| panic!("no section for {name}"));
        let section = section.split("\n### ").next().unwrap();
        let info = texts(
            &t,
            &format!("SELECT name FROM pragma_table_info('{name}') ORDER BY cid"),
        );
        for column in info {
            assert!(
                section.contains(&format!("| `{}` |", column[0])),
                "{name}.{} is not in the codebook",
                column[0]
            );
        }
    }
    for term in texts(&t, "SELECT domain, term FROM vocabulary") {
        let heading = format!("### `{}`\n", term[0]);
        let section = book.split(&heading).nth(1).unwrap();
        let section = section.split("\n### ").next().unwrap();
        assert!(
            section.contains(&format!("| `{}` |", term[1])),
            "{}: {} is not in the codebook",
            term[0],
            term[1]
        );
    }
    for fact in texts(
        &t,
        "SELECT fact_table || '/' || fact_id, note, quote FROM facts WHERE note IS NOT NULL",
    ) {
        let section = book
            .split(&format!("### `{}`", fact[0]))
            .nth(1)
            .unwrap_or_else(|| panic!("{} is not among the ambiguities", fact[0]));
        assert!(
            section.contains(&fact[1]) && section.contains(&fact[2]),
            "{}",
            fact[0]
        );
    }
    // The coding rules come from the notes, the form rule among them.
    assert!(book.contains("`form`: The form of the engagement: unilateral"));
    assert!(book.contains("| Since 2015 | `2015/..` |"));
}
