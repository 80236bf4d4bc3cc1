//! The canned reports: each in every format, each pinned by a snapshot of its
//! CSV, each the same through its view in the sqlite3 shell, and the partner
//! report's alias resolution.

use std::process::Command;

use rusqlite::types::ValueRef;

use crate::util::{Run, TestDir, number, require_tool};

/// Every report that needs no parameter.
const REPORTS: &[&str] = &[
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
                ValueRef::Real(x) => x.to_string(),
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
fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
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
    for report in REPORTS {
        let expected = view_rows(&t, &format!("report_{report}"));
        assert!(!expected.is_empty(), "{report} has no rows");
        let run = |format: &str| t.apsc(&["report", report, "--format", format]).success();
        assert_eq!(
            run("csv").csv().1,
            expected,
            "{report}: CSV differs from the view"
        );
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

#[test]
fn every_report_is_pinned_as_csv() {
    let t = TestDir::new();
    t.seeded();
    for report in REPORTS {
        let run = t.apsc(&["report", report, "--format", "csv"]).success();
        pin_csv(&format!("report_{report}"), &run);
    }
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
        let shell = same_numbers(csv_rows(&String::from_utf8(out.stdout).unwrap()));
        let apsc = same_numbers(t.csv(&["report", report]));
        assert_eq!(shell, apsc, "{report}: the sqlite3 shell and apsc disagree");
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

/// The partner report for one name, as CSV rows.
fn partner(t: &TestDir, name: &str) -> (Vec<String>, Vec<Vec<String>>) {
    t.csv(&["report", "partner", "--param", &format!("name={name}")])
}

#[test]
fn the_partner_report_takes_any_alias() {
    let t = TestDir::new();
    t.seeded();
    for (alias, id) in [
        ("ROK", "rok"),
        ("the US", "us"),
        ("SCO", "sco"),
        ("South Korea", "rok"),
        ("KOR", "rok"),
    ] {
        let by_id = partner(&t, id);
        assert_eq!(partner(&t, alias), by_id, "{alias} and {id} differ");
        assert!(!by_id.1.is_empty(), "{id} has no facts");
    }
}

#[test]
fn every_row_of_the_partner_report_quotes_the_partner() {
    let t = TestDir::new();
    t.seeded();
    let (header, rows) = partner(&t, "Malaysia");
    let (type_, name) = (
        header.iter().position(|h| h == "type").unwrap(),
        header.iter().position(|h| h == "name").unwrap(),
    );
    // The text names Malaysia in four sentences: the ARF exercise it
    // co-hosted, flood relief, the oceanographic research centre, and the
    // search for MH370.
    assert!(rows.len() >= 4, "{rows:?}");
    let conn = t.conn();
    for row in rows {
        let quote: String = conn
            .query_row(
                "SELECT quote FROM facts WHERE fact_table = ?1 || 's' AND name = ?2",
                [&row[type_], &row[name]],
                |r| r.get(0),
            )
            .unwrap();
        assert!(quote.contains("Malaysia"), "{row:?}: {quote}");
    }
}

#[test]
fn the_spam_token_answers_for_china() {
    let t = TestDir::new();
    t.seeded();
    let (_, rows) = partner(&t, "皇冠体育app");
    let facts = number(&t.conn(), "SELECT count(*) FROM facts");
    assert_eq!(rows.len() as i64, facts, "China takes part in every fact");
    assert!(
        rows.iter()
            .flatten()
            .all(|cell| !cell.contains("皇冠体育app")),
        "the token is in a report cell"
    );
}

#[test]
fn an_unknown_partner_suggests_the_nearest_names() {
    let t = TestDir::new();
    t.seeded();
    t.apsc(&["report", "partner", "--param", "name=Korea"])
        .code_is(2)
        .stderr_has("no partner called \"Korea\"")
        .stderr_has("Republic of Korea");
    t.apsc(&["report", "partner", "--param", "name=Malaysai"])
        .code_is(2)
        .stderr_has("\"Malaysia\"");
}

#[test]
fn report_parameters_are_checked() {
    let t = TestDir::new();
    t.seeded();
    t.apsc(&["report", "partner"])
        .code_is(2)
        .stderr_has("needs --param name=VALUE");
    t.apsc(&["report", "partners", "--param", "x=1"])
        .code_is(2)
        .stderr_has("has no parameter \"x\"");
    t.apsc(&["report", "statements", "--param", "area=space"])
        .code_is(2)
        .stderr_has("cyber-security");
    t.apsc(&["report", "partnr"])
        .code_is(2)
        .stderr_has("did you mean");
}

#[test]
fn the_statements_report_filters_by_area_in_any_spelling() {
    let t = TestDir::new();
    t.seeded();
    let all = t.csv(&["report", "statements"]).1;
    let n = number(
        &t.conn(),
        "SELECT count(*) FROM statements WHERE area_id = 'cyber-security'",
    );
    for spelling in ["cyber-security", "VI.4", "Cyber Security"] {
        let area = format!("area={spelling}");
        let rows = t.csv(&["report", "statements", "--param", &area]).1;
        assert!(!rows.is_empty() && rows.len() < all.len(), "{spelling}");
        assert!(rows.iter().all(|r| r[0] == "VI.4"), "{rows:?}");
        assert_eq!(rows.len() as i64, n, "{spelling}");
    }
}

#[test]
fn regression_overview_total_row_doubled_a_spreadsheet_sum() {
    let t = TestDir::new();
    t.seeded();
    let (header, rows) = csv_rows(
        &t.apsc(&["report", "overview", "--format", "csv"])
            .success()
            .stdout(),
    );
    let conn = t.conn();
    let areas: i64 = conn
        .query_row("SELECT count(*) FROM areas", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        rows.len() as i64,
        areas,
        "one row per area, and no total row"
    );
    // Summing a column gives the whole, as a spreadsheet's SUM would.
    for (column, table) in [("facts", "facts"), ("figures", "figures")] {
        let column = header.iter().position(|h| h == column).unwrap();
        let n: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        let sum: i64 = rows.iter().map(|r| r[column].parse::<i64>().unwrap()).sum();
        assert_eq!(sum, n, "{table}: the areas do not add up to the table");
    }
}

#[test]
fn the_timeline_is_in_date_order_and_only_dated() {
    let t = TestDir::new();
    t.seeded();
    let (_, rows) = t.csv(&["report", "timeline"]);
    let dates: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert!(dates.iter().all(|d| !d.is_empty()));
    // In order of the earliest date each allows: the EDTF start, without its
    // qualifier (ISO dates of any precision sort as text).
    let lower = |d: &&str| {
        d.split('/')
            .next()
            .unwrap()
            .trim_end_matches(['?', '~', '%'])
            .to_string()
    };
    let starts: Vec<String> = dates.iter().map(lower).collect();
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted);
    // The text's own words, kept visible: "From December 2008 to January
    // 2016", "Since 2015", and the flood relief paired with its countries by
    // word order only ("In January and July 2015 and in May 2016, when
    // Malaysia, Myanmar and Sri Lanka were hit").
    let text = crate::util::restored_text();
    assert!(text.contains("From December 2008 to January 2016"));
    assert!(dates.contains(&"2008-12/2016-01"));
    assert!(text.contains("Since 2015"));
    assert!(dates.contains(&"2015/.."), "since 2015 is open-ended");
    assert!(text.contains("In January and July 2015 and in May 2016"));
    for uncertain in ["2015-01?", "2015-07?", "2016-05?"] {
        assert!(dates.contains(&uncertain), "{uncertain} in {dates:?}");
    }
}

#[test]
fn hosted_lists_only_what_china_hosted_with_its_co_hosts() {
    let t = TestDir::new();
    t.seeded();
    let (header, rows) = t.csv(&["report", "hosted"]);
    let role = header.iter().position(|h| h == "china_role").unwrap();
    let co_hosts = header.iter().position(|h| h == "co_hosts").unwrap();
    let name = header.iter().position(|h| h == "name").unwrap();
    assert!(
        rows.iter()
            .all(|r| r[role] == "host" || r[role] == "co-host")
    );
    // The text says China "hosted" ten meetings and exercises (two in VI.1,
    // one in VI.2, two in VI.3, one in VI.4, four in VI.5) and "co-hosted
    // with Malaysia" one, the Fourth ARF Disaster Relief Exercise. The last
    // of VI.5's four, the "Training Course and Tabletop Exercise", is
    // recorded as its two parts: twelve rows.
    assert_eq!(rows.len(), 12, "{rows:?}");
    let co_hosted: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| r[role] == "co-host")
        .map(|r| (r[name].as_str(), r[co_hosts].as_str()))
        .collect();
    assert_eq!(
        co_hosted,
        [("Fourth ARF Disaster Relief Exercise", "Malaysia")]
    );
}

#[test]
fn report_without_a_name_lists_the_reports() {
    let t = TestDir::new();
    t.seeded();
    let listed = t.apsc(&["report", "--format", "csv"]).success().stdout();
    let (_, rows) = csv_rows(&listed);
    let names: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    for report in REPORTS.iter().chain(&["partner"]) {
        assert!(names.contains(report), "{report} is not listed: {names:?}");
    }
    assert_eq!(
        listed,
        t.apsc(&["reports", "--format", "csv"]).success().stdout()
    );
}

#[test]
fn regression_report_sql_with_output_file_printed_to_stdout() {
    let t = TestDir::new();
    t.seeded();
    let run = t
        .apsc(&["report", "hosted", "--sql", "-o", "hosted.sql"])
        .success();
    assert_eq!(run.stdout(), "", "the SQL went to stdout");
    let written = std::fs::read_to_string(t.path().join("hosted.sql")).unwrap();
    let source = include_str!("../reports/hosted.sql");
    assert_eq!(written, source);
}

#[test]
fn an_unknown_report_parameter_is_refused_before_it_runs_with_a_suggestion() {
    let t = TestDir::new();
    t.seeded();
    let run = t
        .apsc(&["report", "partner", "--param", "nmae=ROK"])
        .code_is(2)
        .stderr_has("has no parameter \"nmae\"")
        .stderr_has("did you mean \"name\"");
    assert_eq!(run.stdout(), "");
}

#[test]
fn regression_a_different_group_was_offered_as_a_partner() {
    let t = TestDir::new();
    t.seeded();
    // The text speaks of "Southeast Asian countries" apart from ASEAN.
    let run = t
        .apsc(&[
            "report",
            "partner",
            "--param",
            "name=Southeast Asian countries",
        ])
        .code_is(2)
        .stderr_has("no partner called \"Southeast Asian countries\"");
    assert!(!run.stderr().contains("did you mean"), "{}", run.stderr());
}

#[test]
fn the_partners_report_is_one_line_per_partner_at_100_columns() {
    let t = TestDir::new();
    t.seeded();
    let table = t.apsc(&["report", "partners"]).success().stdout();
    let partners: i64 = t
        .conn()
        .query_row(
            "SELECT count(*) FROM partners WHERE is_subject = 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines.iter().all(|l| l.chars().count() <= 100), "{table}");
    // Every partner's name whole on one line: no name wraps.
    let conn = t.conn();
    let mut stmt = conn
        .prepare("SELECT name FROM partners WHERE is_subject = 0")
        .unwrap();
    let names: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(names.len() as i64, partners);
    for name in names {
        assert!(
            lines.iter().any(|l| l.contains(&format!("│ {name} "))),
            "{name} is not whole on one line"
        );
    }
}

#[test]
fn the_overview_is_a_table_at_80_columns() {
    let t = TestDir::new();
    t.seeded();
    let table = t
        .apsc_with(&["report", "overview"], |cmd| {
            cmd.env("COLUMNS", "80");
        })
        .success()
        .stdout();
    assert!(table.starts_with('┌'), "{table}");
    assert!(table.lines().all(|l| l.chars().count() <= 80), "{table}");
    assert!(table.contains("Cooperation in Non-Proliferation and Disarmament"));
}
