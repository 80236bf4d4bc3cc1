//! The canned reports: each in every format, each pinned by a snapshot of its
//! CSV, each the same through its view in the sqlite3 shell, and the partner
//! report's alias resolution.

use std::process::Command;

use rusqlite::types::ValueRef;

use crate::util::{Run, TestDir, number, require_tool};

/// Every report that needs no parameter.
pub const REPORTS: &[&str] = &[
    "agreements",
    "facts",
    "figures",
    "hosted",
    "organizations",
    "overview",
    "partner_areas",
    "partners",
    "roles",
    "sources",
    "statements",
    "timeline",
];

/// The rows of a view as text, the way the CSV output writes them.
fn view_rows(t: &TestDir, view: &str) -> Vec<Vec<String>> {
    let conn = t.conn();
    let mut stmt = conn.prepare(&format!("SELECT * FROM {view}")).unwrap();
    let width = stmt.column_count();
    stmt.query_map([], |row| {
        Ok((0..width)
            .map(|i| match row.get_ref(i).unwrap() {
                ValueRef::Null => String::new(),
                ValueRef::Integer(n) => n.to_string(),
                ValueRef::Real(x) => conn
                    .query_row("SELECT CAST(?1 AS TEXT)", [x], |r| r.get(0))
                    .unwrap(),
                ValueRef::Text(t) => String::from_utf8(t.to_vec()).unwrap(),
                ValueRef::Blob(_) => panic!("no report returns blobs"),
            })
            .collect())
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// CSV text (from the sqlite3 shell) as its header and rows.
pub fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

#[test]
fn every_report_runs_in_every_format_with_the_same_rows() {
    let t = TestDir::new();
    t.seeded();
    // A thread per report: the runs are processes, and wait on each other
    // only for the database, which they read.
    std::thread::scope(|scope| {
        for report in REPORTS {
            let t = &t;
            scope.spawn(move || one_report_in_every_format(t, report));
        }
    });
}

/// One report in CSV (as its view holds it, and as its snapshot pins it),
/// TSV, Markdown, JSON, JSON Lines and a table.
fn one_report_in_every_format(t: &TestDir, report: &str) {
    let expected = view_rows(t, &format!("report_{report}"));
    assert!(!expected.is_empty(), "{report} has no rows");
    let run = |format: &str| t.apsc(&["report", report, "--format", format]).success();
    let csv = run("csv");
    pin_csv(&format!("report_{report}"), &csv);
    assert_eq!(csv.csv().1, expected, "{report}: CSV differs from the view");
    let lines = |format: &str| run(format).stdout().lines().count();
    assert_eq!(lines("tsv"), expected.len() + 1, "{report}: TSV lines");
    assert_eq!(
        lines("markdown"),
        expected.len() + 2,
        "{report}: Markdown lines"
    );
    let json = run("json").json();
    let array = json
        .as_array()
        .unwrap_or_else(|| panic!("{report}: not an array"));
    assert_eq!(array.len(), expected.len(), "{report}: JSON rows");
    assert_eq!(
        run("jsonl").json_lines(),
        *array,
        "{report}: JSON Lines differ from JSON"
    );
    let table = t.apsc(&["report", report]).success().stdout();
    assert!(
        table.starts_with('┌') || table.starts_with("─[ 1 ]"),
        "{report}: neither a table nor records"
    );
}

/// A report's CSV as a snapshot: one row a line, LF line ends, so that a
/// change of layout leaves it alone and a change of columns or rows shows
/// as the lines it changes. After a deliberate change, rewrite them with
/// `INSTA_UPDATE=always cargo test --test tests reports::` and read the diff.
fn pin_csv(name: &str, run: &Run) {
    let csv = run.stdout().replace("\r\n", "\n");
    let mut settings = insta::Settings::clone_current();
    settings.set_description(run.describe_command());
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(name, csv));
}

/// Every report that needs no parameter is pinned with its other formats
/// (see `one_report_in_every_format`); the partner report here.
#[test]
fn the_partner_report_is_pinned_as_csv() {
    let t = TestDir::new();
    t.seeded();
    let rok = t
        .apsc(&[
            "report", "partner", "--param", "name=ROK", "--format", "csv",
        ])
        .success();
    pin_csv("report_partner_rok", &rok);
}

/// A real that is a whole number reads `0.0` in the shell and `0` in apsc:
/// the same number, written as the shortest text that reads back as it.
fn same_numbers(
    (header, rows): (Vec<String>, Vec<Vec<String>>),
) -> (Vec<String>, Vec<Vec<String>>) {
    let rows = rows
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|cell| match cell.strip_suffix(".0") {
                    Some(whole) if whole.parse::<i64>().is_ok() => whole.to_string(),
                    _ => cell,
                })
                .collect()
        })
        .collect();
    (header, rows)
}

#[test]
fn the_views_give_the_same_rows_in_the_sqlite3_shell() {
    if !require_tool("sqlite3") {
        return;
    }
    let t = TestDir::new();
    t.seeded();
    for report in REPORTS {
        let out = Command::new("sqlite3")
            .args(["-readonly", "-csv", "-header"])
            .arg(t.db())
            .arg(format!("SELECT * FROM report_{report}"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{report}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // The rows apsc prints as CSV are the view's own (see
        // `one_report_in_every_format`): the shell must give them too.
        let shell = same_numbers(csv_rows(&String::from_utf8(out.stdout).unwrap()));
        let view = (
            crate::util::columns(&t.conn(), &format!("report_{report}")),
            view_rows(&t, &format!("report_{report}")),
        );
        assert_eq!(
            shell,
            same_numbers(view),
            "{report}: the sqlite3 shell and apsc disagree"
        );
    }
}

#[test]
fn the_catalog_lists_every_report_and_its_view() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    let mut stmt = conn
        .prepare("SELECT name, view FROM reports ORDER BY name")
        .unwrap();
    let catalog: Vec<(String, Option<String>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for report in REPORTS {
        assert!(
            catalog.contains(&(report.to_string(), Some(format!("report_{report}")))),
            "{report} missing"
        );
    }
    assert!(
        catalog.contains(&("partner".to_string(), None)),
        "partner needs a parameter: no view"
    );
    let required = number(
        &conn,
        "SELECT required FROM report_parameters WHERE report = 'partner' AND name = 'name'",
    );
    assert_eq!(required, 1);
    assert_eq!(t.csv(&["reports"]).1.len(), catalog.len());
}

#[test]
fn report_sql_is_the_one_source_of_the_view() {
    let t = TestDir::new();
    t.seeded();
    let sql = t.apsc(&["report", "partners", "--sql"]).success().stdout();
    assert!(sql.contains("-- title: Partners"));
    let stored: String = t
        .conn()
        .query_row("SELECT sql FROM reports WHERE name = 'partners'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(stored, sql);
}
