//! The workbook, read back with calamine and straight from its zip: every
//! report with numbers as numbers and formulas as text, huge texts cut to a
//! cell, the notes and shares, and no room for its temporary files.

use std::collections::BTreeMap;
use std::fs;

use calamine::{Data, Reader, Xlsx, open_workbook};

use super::csv_rows;
use crate::util::TestDir;

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

/// The seeded database with a document whose texts are longer than a
/// cell that is read whole (a megabyte), with quotes, commas and line
/// breaks in them, and no URL (a NULL beside them).
fn huge_document(t: &TestDir) -> (String, String) {
    t.seeded();
    let padding = "He said \"yes\", then left.\r\n中国 ".repeat(40_000);
    let conn = t.conn();
    conn.execute(
        "UPDATE documents SET url = NULL, text = text || ?1, source_text = ?1 || source_text",
        [&padding],
    )
    .unwrap();
    conn.query_row("SELECT text, source_text FROM documents", [], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .unwrap()
}

#[test]
fn a_huge_document_text_beside_a_null_is_exported_whole() {
    let t = TestDir::new();
    let (text, source_text) = huge_document(&t);
    assert!(text.len() > 1 << 20 && source_text.len() > 1 << 20);
    t.apsc(&["export", "out"]).success();
    let csv = fs::read_to_string(t.path().join("out/documents.csv")).unwrap();
    let rows = csv_rows(&csv);
    let column = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows[1][column("text")] == text, "the text is whole");
    assert!(rows[1][column("source_text")] == source_text);
    assert_eq!(rows[1][column("url")], "");
}

#[test]
fn a_huge_document_text_is_cut_to_a_cell_in_the_workbook() {
    let t = TestDir::new();
    let (text, source_text) = huge_document(&t);
    t.apsc(&["export", "--xlsx", "book.xlsx"]).success();
    let mut book: Xlsx<_> = open_workbook(t.path().join("book.xlsx")).unwrap();
    let documents = book.worksheet_range("documents").unwrap();
    let rows: Vec<Vec<String>> = documents
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect();
    let column = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
    let note = "… [cut: longer than a spreadsheet cell holds; see the CSV export]";
    for (name, full) in [("text", &text), ("source_text", &source_text)] {
        let cell = &rows[1][column(name)];
        assert_eq!(cell.chars().count(), 32_767, "{name}");
        let kept: String = full.chars().take(32_767 - note.chars().count()).collect();
        assert_eq!(*cell, format!("{kept}{note}"), "{name}");
    }
}

#[test]
fn the_workbook_holds_every_report_with_numbers_as_numbers_and_formulas_as_text() {
    let t = TestDir::new();
    t.seeded();
    // A name that a spreadsheet would run as a formula.
    t.apsc(&[
        "sql",
        "--write",
        "UPDATE partners SET name = '=1+1' WHERE id = 'rok'",
    ])
    .success();
    t.apsc(&["export", "--xlsx", "book.xlsx"]).success();
    let mut book: Xlsx<_> = open_workbook(t.path().join("book.xlsx")).unwrap();
    let sheets = book.sheet_names();
    assert_eq!(sheets[0], "About");
    let about = book.worksheet_range("About").unwrap();
    let listed: BTreeMap<String, String> = about
        .rows()
        .filter(|r| r.len() >= 3 && matches!(r[2], Data::Float(_)))
        .map(|r| (cell_text(&r[0]), cell_text(&r[2])))
        .collect();
    for name in &sheets[1..] {
        assert!(listed.contains_key(name), "About does not list {name}");
    }
    let partners = book.worksheet_range("report_partners").unwrap();
    let csv = t
        .apsc(&["report", "partners", "--format", "csv"])
        .success()
        .stdout();
    let expected = csv_rows(&csv);
    let got: Vec<Vec<String>> = partners
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect();
    assert_eq!(got, expected, "the sheet holds what the report prints");
    assert_eq!(listed["report_partners"], (expected.len() - 1).to_string());
    let total = expected[0].iter().position(|h| h == "total").unwrap();
    assert!(
        partners
            .rows()
            .skip(1)
            .all(|r| matches!(r[total], Data::Float(_))),
        "counts are numbers, not text"
    );
    let names = book.worksheet_range("partners").unwrap();
    assert!(
        names
            .rows()
            .any(|r| r.iter().any(|c| *c == Data::String("=1+1".into())))
    );
    let formulas = book.worksheet_formula("partners").unwrap();
    assert!(
        formulas.rows().all(|r| r.iter().all(|f| f.is_empty())),
        "a text became a formula"
    );
}

/// The notes on the header cells of the sheet at `index` (0 is About), by
/// cell (`A1`), read from the file: calamine does not read notes.
fn header_notes(path: &std::path::Path, index: usize) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut read = |name: &str| std::io::read_to_string(zip.by_name(name).unwrap()).unwrap();
    let rels = read(&format!("xl/worksheets/_rels/sheet{}.xml.rels", index + 1));
    let comments = rels
        .split("Target=\"../")
        .find(|t| t.starts_with("comments"));
    let xml = read(&format!(
        "xl/{}",
        comments.unwrap().split('"').next().unwrap()
    ));
    let doc = roxmltree::Document::parse(&xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("comment"))
        .map(|n| {
            let text = n.descendants().filter_map(|t| t.text()).collect();
            (n.attribute("ref").unwrap().to_string(), text)
        })
        .collect()
}

#[test]
fn the_workbook_reads_without_sql_analysis_first_with_notes_and_shares() {
    let t = TestDir::new();
    t.seeded_then(&["export", "--xlsx", "book.xlsx"]);
    let mut book: Xlsx<_> = open_workbook(t.path().join("book.xlsx")).unwrap();
    let sheets = book.sheet_names();
    let first = [
        "About",
        "report_facts",
        "report_overview",
        "report_partners",
    ];
    assert_eq!(sheets[..4], first);
    let at = |name: &str| sheets.iter().position(|s| s == name).unwrap();
    for internal in ["column_notes", "corrections", "reports", "seed_files"] {
        assert!(
            at(internal) > at("statements"),
            "{internal} before the data"
        );
    }
    // About says what each sheet holds in the words of its note.
    let conn = t.conn();
    let note = |table: &str, column: &str| -> String {
        conn.query_row(
            "SELECT note FROM column_notes WHERE table_name = ?1 AND column_name = ?2",
            [table, column],
            |r| r.get(0),
        )
        .unwrap()
    };
    let about = book.worksheet_range("About").unwrap();
    let listed: Vec<_> = about
        .rows()
        .filter(|r| matches!(r[2], Data::Float(_)))
        .collect();
    assert_eq!(listed.len(), sheets.len() - 1);
    for row in listed {
        assert_eq!(cell_text(&row[1]), note(&cell_text(&row[0]), ""));
    }
    assert!(note("report_facts", "").contains("distinct"));
    // Every header cell of report_facts carries its column's note; the
    // first also says what a row is.
    let facts = book.worksheet_range("report_facts").unwrap();
    let notes = header_notes(&t.path().join("book.xlsx"), at("report_facts"));
    let header: Vec<String> = facts.rows().next().unwrap().iter().map(cell_text).collect();
    assert_eq!(notes.len(), header.len());
    for (i, column) in header.iter().enumerate() {
        let cell = format!("{}1", (b'A' + i as u8 % 26) as char);
        let cell = if i < 26 { cell } else { format!("A{cell}") };
        assert!(
            notes[&cell].ends_with(&note("report_facts", column)),
            "{cell}"
        );
    }
    assert!(notes["A1"].starts_with(&note("report_facts", "")));
    // Shares are numbers shown as percentages.
    let roles = book.worksheet_range("report_roles").unwrap();
    let styles = book.worksheet_style("report_roles").unwrap();
    let header: Vec<String> = roles.rows().next().unwrap().iter().map(cell_text).collect();
    let share = header.iter().position(|h| h == "share").unwrap();
    for (r, row) in roles.rows().enumerate().skip(1) {
        assert!(matches!(row[share], Data::Float(_)), "row {r}");
        let style = styles.get((r as u32, share as u32)).unwrap();
        assert_eq!(style.number_format.as_ref().unwrap().format_code, "0.0%");
    }
}
#[test]
fn a_workbook_without_room_for_its_temporary_files_says_where_and_what_to_do() {
    let t = TestDir::new();
    t.seeded();
    let missing = t.path().join("no-such-folder");
    let book = t.path().join("book.xlsx");
    let run = t
        .apsc_with(&["export", "--xlsx", book.to_str().unwrap()], |cmd| {
            cmd.env("TMPDIR", &missing);
        })
        .code_is(5)
        .clean_stderr();
    let err = run.stderr();
    assert!(
        err.starts_with(&format!(
            "apsc: cannot make the workbook's temporary files in {}",
            missing.display()
        )),
        "{err}"
    );
    assert!(err.contains("set TMPDIR"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!book.exists());
}
