//! Exports for other tools, each read back by an independent reader: the
//! data package against the database's own columns and keys (and by
//! `frictionless`), the workbook with calamine (a module of its own). The
//! graphs, the Datasette metadata and the workbook in LibreOffice:
//! `export_tools`.

mod workbook;

use std::collections::BTreeSet;
use std::fs;

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

/// One resource of the data package against its table: the fields are the
/// columns in order, the CSV header is the fields, the primary key is the
/// table's, and every foreign key refers to a resource in the package.
fn resource_matches_its_table(t: &TestDir, resource: &Value, names: &BTreeSet<&str>) {
    let name = resource["name"].as_str().unwrap();
    let (cols, key) = columns(t, name);
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

/// Every file and field carries its note from column_notes, the tables and
/// views of memberships, context dates and forms among them.
fn every_resource_and_field_carries_its_note(
    t: &TestDir,
    resources: &[Value],
    names: &BTreeSet<&str>,
) {
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
        resource_matches_its_table(&t, resource, &names);
    }
    every_resource_and_field_carries_its_note(&t, resources, &names);
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
