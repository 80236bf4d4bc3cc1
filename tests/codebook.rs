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
            &format!(
                "SELECT name FROM pragma_table_xinfo('{name}') WHERE hidden <> 1 ORDER BY cid"
            ),
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
    assert!(book.contains("`form`: The form of the engagement, coded from the fact's sentence"));
    // The form rule with its examples from the text, each departure noted.
    assert!(book.contains("a set of bilateral treaties is bilateral"));
    assert!(book.contains("| `agreements/judicial-assistance-extradition-treaties` | bilateral |"));
    assert!(book.contains("| `meetings/amcdrr` | multilateral |"));
    // The frames, the text's limits and the sources from outside it.
    assert!(book.contains("| Since 2015 the Chinese government has been actively involved in"));
    assert!(book.contains("Its copy of VI.6 holds the first paragraph only"));
    assert!(book.contains("State System Membership List v2016"));
    assert!(book.contains("| Since 2015 | `[2015..2017-01]` | 2015 | 2017-01 |"));
    assert!(book.contains("| Since 2015 | `2015/..` |"));
}

#[test]
fn the_exported_codebook_is_the_codebook_and_counts_every_relation_right() {
    // The export counts the rows it writes and hands them to the codebook:
    // the codebook must come out as `apsc codebook` writes it, every count
    // the one SQLite gives.
    let t = TestDir::new();
    t.seeded_then(&["export", "out"]);
    let exported = std::fs::read_to_string(t.path().join("out/CODEBOOK.md")).unwrap();
    assert_eq!(t.apsc(&["codebook"]).success().stdout(), exported);
    let units = exported.split("## 1. Units of analysis").nth(1).unwrap();
    let units = units.split("## 2.").next().unwrap();
    let mut checked = 0;
    for line in units.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.split(" | ").collect();
        let relation = cells[0].trim_start_matches("| `").trim_end_matches('`');
        let count: i64 = t
            .conn()
            .query_row(&format!("SELECT count(*) FROM \"{relation}\""), [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(cells[2], count.to_string(), "{relation}");
        checked += 1;
    }
    assert!(checked > 30, "{units}");
}
