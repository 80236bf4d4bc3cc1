//! Exports for other tools, each read back by an independent reader: the
//! data package against the database's own columns and keys (and by
//! `frictionless`), the workbook with calamine. The graphs, the Datasette
//! metadata and the workbook in LibreOffice: `export_tools`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::Value;

use crate::export_tools::{run, tool_script};
use crate::util::{TestDir, python_with};

/// The rows of a CSV text, header first.
pub fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

/// The columns and primary key of a table or view, read with SQLite directly.
fn columns(t: &TestDir, table: &str) -> (Vec<String>, Vec<String>) {
    let conn = t.conn();
    let mut stmt = conn
        .prepare("SELECT name, pk FROM pragma_table_xinfo(?1) WHERE hidden <> 1 ORDER BY cid")
        .unwrap();
    let rows: Vec<(String, i64)> = stmt
        .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut key: Vec<(i64, String)> = rows
        .iter()
        .filter(|(_, pk)| *pk > 0)
        .map(|(n, pk)| (*pk, n.clone()))
        .collect();
    key.sort();
    (
        rows.into_iter().map(|(n, _)| n).collect(),
        key.into_iter().map(|(_, n)| n).collect(),
    )
}

#[test]
fn the_data_package_describes_every_file_with_its_columns_and_keys() {
    let t = TestDir::new();
    t.seeded_then(&["export", "out"]);
    let package: Value =
        serde_json::from_str(&fs::read_to_string(t.path().join("out/datapackage.json")).unwrap())
            .unwrap();
    let resources = package["resources"].as_array().unwrap();
    let csv_files: BTreeSet<String> = fs::read_dir(t.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv"))
        .collect();
    let described: BTreeSet<String> = resources
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(described, csv_files, "every CSV file and only those");
    let names: BTreeSet<&str> = resources
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    for resource in resources {
        let name = resource["name"].as_str().unwrap();
        let (cols, key) = columns(&t, name);
        let fields: Vec<&str> = resource["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(fields, cols, "{name}: fields are the columns, in order");
        let text = fs::read_to_string(
            t.path()
                .join("out")
                .join(resource["path"].as_str().unwrap()),
        )
        .unwrap();
        assert_eq!(
            csv_rows(&text)[0],
            cols,
            "{name}: the CSV header is the fields"
        );
        if !key.is_empty() {
            assert_eq!(
                resource["schema"]["primaryKey"],
                serde_json::json!(key),
                "{name}"
            );
        }
        for fk in resource["schema"]["foreignKeys"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let parent = fk["reference"]["resource"].as_str().unwrap();
            assert!(
                names.contains(parent),
                "{name} refers to {parent}, not in the package"
            );
        }
    }
    // Every file and field carries its note from column_notes, the tables
    // and views of memberships, context dates and forms among them.
    let conn = t.conn();
    let note = |table: &str, column: &str| -> Option<String> {
        let sql = "SELECT note FROM column_notes WHERE table_name = ?1 AND column_name = ?2";
        conn.query_row(sql, [table, column], |r| r.get(0)).ok()
    };
    for name in ["memberships", "context_dates", "forms", "fact_members"] {
        assert!(names.contains(name), "{name} is not in the package");
    }
    for resource in resources {
        let name = resource["name"].as_str().unwrap();
        assert_eq!(
            resource["description"].as_str(),
            note(name, "").as_deref(),
            "{name}"
        );
        for field in resource["schema"]["fields"].as_array().unwrap() {
            let column = field["name"].as_str().unwrap();
            let described = field["description"].as_str();
            assert_eq!(described, note(name, column).as_deref(), "{name}.{column}");
        }
    }
    let partners = resources.iter().find(|r| r["name"] == "partners").unwrap();
    let cow = &partners["schema"]["fields"].as_array().unwrap()[7];
    assert_eq!(
        (&cow["name"], &cow["type"]),
        (&"cow_code".into(), &"integer".into())
    );
    assert!(
        cow["description"]
            .as_str()
            .unwrap()
            .starts_with("From outside the text")
    );
    // A table with a declared key carries it: meeting_partners -> meetings.
    let links = resources
        .iter()
        .find(|r| r["name"] == "meeting_partners")
        .unwrap();
    let fks = links["schema"]["foreignKeys"].as_array().unwrap();
    assert!(
        fks.iter()
            .any(|fk| fk["fields"] == serde_json::json!(["meeting_id"])
                && fk["reference"]["resource"] == "meetings")
    );
}

/// Every dialect apsc writes, validated by frictionless in one process:
/// each pairing of header and byte-order mark, and Excel's (a byte-order
/// mark, by the same code as `--bom`, and neutralised formulas).
#[test]
fn frictionless_finds_the_data_package_valid_in_every_dialect_apsc_writes() {
    let t = TestDir::new();
    let Some(mut python) = python_with("frictionless") else {
        return;
    };
    let dialects: [&[&str]; 4] = [
        &["export", "out"],
        &["export", "headless", "--no-header"],
        &["export", "bare", "--no-header", "--bom"],
        &["export", "excel", "--excel"],
    ];
    let mut packages = Vec::new();
    for args in dialects {
        t.seeded_then(args);
        packages.push(format!("{}/datapackage.json", args[1]));
    }
    let found = run(python
        .current_dir(t.path())
        .arg(tool_script("frictionless_validate.py"))
        .args(&packages));
    let found: Value = serde_json::from_str(&found).unwrap();
    for (args, package) in dialects.iter().zip(&packages) {
        assert_eq!(
            found[package]["valid"], true,
            "{args:?}: {:#}",
            found[package]
        );
    }
}

pub fn cell_text(cell: &Data) -> String {
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
fn the_export_readme_says_how_its_files_are_written() {
    let t = TestDir::new();
    let readme = |args: &'static [&'static str]| {
        t.seeded_then(args);
        fs::read_to_string(t.path().join(args[1]).join("README.md")).unwrap()
    };
    let plain = readme(&["export", "out"]);
    assert!(
        plain.contains("(UTF-8, CRLF line ends, a header row)"),
        "{plain}"
    );
    let bare = readme(&["export", "bare", "--no-header", "--bom"]);
    assert!(
        bare.contains("(UTF-8 behind a byte-order mark, CRLF line ends, no header row)"),
        "{bare}"
    );
    let excel = readme(&["export", "excel", "--excel"]);
    assert!(excel.contains("prefixed with an apostrophe"), "{excel}");
    assert!(!plain.contains("apostrophe") && !plain.contains("`citation`"));
    let cited = readme(&["export", "cited", "--citations"]);
    assert!(cited.contains("`citation` column"), "{cited}");
    // The data package names the file's resource as the file, citations or not.
    let package: Value =
        serde_json::from_str(&fs::read_to_string(t.path().join("cited/datapackage.json")).unwrap())
            .unwrap();
    let facts = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == "report_facts.csv")
        .unwrap();
    assert_eq!(facts["name"], "report_facts");
    let fields = facts["schema"]["fields"].as_array().unwrap();
    assert_eq!(fields.last().unwrap()["name"], "citation");
    // A column SQLite knows only as numeric is typed by its values: integers.
    let field = |name: &str| {
        fields
            .iter()
            .find(|f| f["name"] == name)
            .unwrap_or_else(|| panic!("no field {name}"))["type"]
            .clone()
    };
    assert_eq!(field("paragraph"), "integer");
    assert_eq!(field("sentence"), "integer");
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
