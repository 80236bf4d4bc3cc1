//! The tidy table `facts_long`: one row per fact and partner, every fact in
//! it, plain and unique column names, integers that stay integers, and its
//! report, export and sheet.

use std::collections::HashMap;

use calamine::{Reader, Xlsx, open_workbook};

use crate::util::{TestDir, number, seed_facts, seed_rows};

/// The columns of facts_long, in order.
const COLUMNS: &[&str] = &[
    "fact_type",
    "fact_id",
    "name",
    "kind",
    "edition",
    "area_id",
    "area",
    "section",
    "paragraph",
    "sentence",
    "china_role",
    "china_role_group",
    "is_engagement",
    "date_text",
    "date_edtf",
    "date_start",
    "date_end",
    "context_edtf",
    "context_start",
    "context_end",
    "context_basis",
    "partner_id",
    "partner",
    "partner_kind",
    "iso3",
    "partner_role",
    "form",
    "unnamed_parties",
    "quote",
];

/// How many partner links each fact has, read from the seed's link files.
fn seed_links() -> HashMap<String, i64> {
    let mut links = HashMap::new();
    for (table, key) in [
        ("meetings", "meeting_id"),
        ("exercises", "exercise_id"),
        ("agreements", "agreement_id"),
        ("operations", "operation_id"),
        ("statements", "statement_id"),
    ] {
        for row in seed_rows(&format!("{}_partners.csv", &table[..table.len() - 1])) {
            *links.entry(format!("{table}/{}", row[key])).or_default() += 1;
        }
    }
    links
}

#[test]
fn facts_long_has_a_row_per_fact_and_partner_and_keeps_partnerless_facts() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    let links = seed_links();
    let facts = seed_facts();
    let expected: i64 = facts
        .iter()
        .map(|f| links.get(&f.key).copied().unwrap_or(0).max(1))
        .sum();
    assert_eq!(number(&conn, "SELECT count(*) FROM facts_long"), expected);
    for fact in &facts {
        let (table, id) = fact.key.split_once('/').unwrap();
        let rows: i64 = conn
            .query_row(
                "SELECT count(*) FROM facts_long WHERE fact_type || 's' = ?1 AND fact_id = ?2",
                [table, id],
                |r| r.get(0),
            )
            .unwrap();
        let partners = links.get(&fact.key).copied().unwrap_or(0);
        assert_eq!(rows, partners.max(1), "{} in facts_long", fact.key);
        if partners == 0 {
            let empty: i64 = conn
                .query_row(
                    "SELECT count(*) FROM facts_long WHERE fact_type || 's' = ?1 AND fact_id = ?2
                        AND partner_id IS NULL AND partner IS NULL AND partner_role IS NULL",
                    [table, id],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(empty, 1, "{}: one row, partner columns NULL", fact.key);
        }
    }
}

#[test]
fn facts_long_has_plain_unique_columns_and_integers_stay_integers() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    for view in ["facts_long", "report_facts"] {
        let mut stmt = conn
            .prepare("SELECT name FROM pragma_table_xinfo(?1) WHERE hidden <> 1 ORDER BY cid")
            .unwrap();
        let names: Vec<String> = stmt
            .query_map([view], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        // The report leads with the fact as `apsc show` takes it.
        let lead = usize::from(view == "report_facts");
        assert_eq!(names[lead..], *COLUMNS, "{view}");
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{view}: duplicate column names");
        for column in ["edition", "paragraph", "sentence"] {
            let sql = format!(
                "SELECT count(*) FROM {view} WHERE {column} IS NOT NULL AND typeof({column}) <> 'integer'"
            );
            assert_eq!(
                number(&conn, &sql),
                0,
                "{view}.{column} holds a non-integer"
            );
        }
        let sql =
            format!("SELECT count(*) FROM {view} WHERE paragraph IS NULL OR sentence IS NULL");
        assert_eq!(number(&conn, &sql), 0, "{view}: every fact has its place");
    }
    // The one type label throughout: `meeting`, never `meetings`.
    let types = number(
        &conn,
        "SELECT count(*) FROM facts_long WHERE fact_type NOT IN
           ('meeting', 'exercise', 'agreement', 'operation', 'statement')",
    );
    assert_eq!(types, 0);
}

#[test]
fn the_sentence_number_is_the_sentence_the_quote_starts_in() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    let mut stmt = conn
        .prepare(
            "SELECT l.quote, s.text FROM facts_long l
               JOIN passages p ON p.section = l.section AND p.ordinal = l.paragraph
               JOIN sentences s ON s.passage_id = p.id AND s.ordinal = l.sentence",
        )
        .unwrap();
    let pairs: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        pairs.len() as i64,
        number(&conn, "SELECT count(*) FROM facts_long")
    );
    for (quote, sentence) in pairs {
        let head: String = quote.chars().take(40).collect();
        assert!(
            sentence.contains(&head),
            "{quote:?} does not start in {sentence:?}"
        );
    }
}

#[test]
fn facts_is_a_report_an_exported_file_and_the_first_data_sheet() {
    let t = TestDir::new();
    t.seeded();
    let (header, rows) = t.csv(&["report", "facts"]);
    assert_eq!(header[0], "fact");
    assert_eq!(header[1..], *COLUMNS);
    assert_eq!(
        rows.len() as i64,
        number(&t.conn(), "SELECT count(*) FROM facts_long")
    );
    t.seeded_then(&["export", "out"]);
    let exported = std::fs::read_to_string(t.path().join("out/report_facts.csv")).unwrap();
    assert!(
        exported.starts_with("fact,fact_type,fact_id,name,"),
        "{exported:.80}"
    );
    t.seeded_then(&["export", "--xlsx", "book.xlsx"]);
    let book: Xlsx<_> = open_workbook(t.path().join("book.xlsx")).unwrap();
    assert_eq!(book.sheet_names()[..2], ["About", "report_facts"]);
}

#[test]
fn the_export_can_cite_every_row_as_cite_does_and_carries_the_codebook() {
    let t = TestDir::new();
    t.seeded_then(&["export", "cited", "--citations"]);
    t.seeded_then(&["export", "out"]);
    // The same rows in the same order as without citations, one column more.
    let rows = |path: &str| -> Vec<Vec<String>> {
        let text = std::fs::read_to_string(t.path().join(path)).unwrap();
        csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect()
    };
    let cited: Vec<Vec<String>> = rows("cited/report_facts.csv")
        .into_iter()
        .map(|mut r| {
            r.pop();
            r
        })
        .collect();
    assert_eq!(cited, rows("out/report_facts.csv"));
    let codebook = std::fs::read_to_string(t.path().join("cited/CODEBOOK.md")).unwrap();
    assert!(codebook.starts_with("# Codebook"), "{codebook}");
    let text = std::fs::read_to_string(t.path().join("cited/report_facts.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (kind, id, citation) = (column("fact_type"), column("fact_id"), column("citation"));
    // Both read the one view of citations: a row of it is cite's reference.
    let row = reader.records().map(Result::unwrap).nth(17).unwrap();
    let fact = format!("{}s/{}", &row[kind], &row[id]);
    let cited = t.apsc(&["cite", &fact]).success().stdout();
    let plain = cited.trim_end().lines().last().unwrap();
    assert_eq!(&row[citation], plain, "{fact}");
}
