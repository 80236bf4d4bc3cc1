//! The Datasette metadata: every note of column_notes on its table and column,
//! no trace of the spam token, and Datasette serving each report as apsc prints
//! it.

use std::fs;

use serde_json::Value;

use super::{run, tool_script};
use crate::util::{TestDir, python_with};

/// Every note of column_notes is on its table or column, on every table
/// and view (memberships, fact_members, the identifiers from outside the
/// text among them).
fn every_note_is_on_its_table_or_column(conn: &rusqlite::Connection, db: &Value) {
    let mut stmt = conn
        .prepare("SELECT table_name, column_name, note FROM column_notes")
        .unwrap();
    let notes = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)));
    for (table, column, note) in notes.unwrap().map(Result::unwrap) {
        let (table, column, note): (String, String, String) = (table, column, note);
        let entry = &db["tables"][&table];
        let shown = match column.as_str() {
            "" => &entry["description"],
            column => &entry["columns"][column],
        };
        let shown = shown.as_str().unwrap_or_default();
        assert!(shown.starts_with(&note), "{table}.{column}: {shown}");
    }
    for (table, column) in [
        ("memberships", ""),
        ("partners", "cow_code"),
        ("partners", "wikidata"),
    ] {
        let entry = &db["tables"][table];
        let shown = if column.is_empty() {
            &entry["description"]
        } else {
            &entry["columns"][column]
        };
        assert!(
            shown.as_str().unwrap().starts_with("From outside the text"),
            "{table}.{column}"
        );
    }
}

/// One Datasette, given the metadata and asked every query, serves each
/// report's rows as `apsc report --format json` prints them.
fn datasette_serves_the_reports_as_printed(t: &TestDir) {
    let Some(mut python) = python_with("datasette") else {
        return;
    };
    let queries = [
        (
            "/apsc/partner.json?name=ROK&_shape=array",
            vec!["report", "partner", "--param", "name=ROK"],
        ),
        (
            "/apsc/statements.json?area=&_shape=array",
            vec!["report", "statements"],
        ),
        (
            "/apsc/statements.json?area=VI.4&_shape=array",
            vec!["report", "statements", "--param", "area=VI.4"],
        ),
        (
            "/apsc/partners.json?_shape=array",
            vec!["report", "partners"],
        ),
    ];
    // One Datasette, asked every query.
    let served = run(python
        .current_dir(t.path())
        .arg(tool_script("datasette_query.py"))
        .args(["apsc.db", "meta.json"])
        .args(queries.iter().map(|(path, _)| path)));
    let served: Vec<Value> = serde_json::from_str(&served).unwrap();
    for ((path, report), served) in queries.iter().zip(served) {
        let mut args = report.clone();
        args.extend(["--format", "json"]);
        let printed: Value = serde_json::from_str(&t.apsc(&args).success().stdout()).unwrap();
        assert!(
            !printed.as_array().unwrap().is_empty(),
            "{report:?} printed no rows"
        );
        assert_eq!(served, printed, "{path}");
    }
}

#[test]
fn datasette_serves_each_report_as_apsc_prints_it() {
    let t = TestDir::new();
    t.seeded();
    t.apsc(&["export", "--datasette", "meta.json"]).success();
    let meta: Value =
        serde_json::from_str(&fs::read_to_string(t.path().join("meta.json")).unwrap()).unwrap();
    let db = &meta["databases"]["apsc"];
    assert_eq!(
        db["queries"]["partner"]["params"],
        serde_json::json!(["name"])
    );
    assert_eq!(db["tables"]["passages"]["fts_table"], "passages_fts");
    let role = db["tables"]["meetings"]["columns"]["china_role"]
        .as_str()
        .unwrap();
    assert!(
        role.contains("host") && role.contains("participant"),
        "{role}"
    );
    let conn = t.conn();
    every_note_is_on_its_table_or_column(&conn, db);
    let form = db["tables"]["meetings"]["columns"]["form"]
        .as_str()
        .unwrap();
    assert!(form.contains("One of: bilateral, multilateral"), "{form}");
    // No trace of the spam token the supplied copy has for "China".
    let token: String = conn
        .query_row(
            "SELECT find FROM corrections WHERE replace_with = 'China'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!meta.to_string().contains(&token));
    datasette_serves_the_reports_as_printed(&t);
}
