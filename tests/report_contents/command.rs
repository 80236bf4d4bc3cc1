//! The report command's own behaviour: its parameters checked before a report
//! runs, the list of reports when none is named, and the SQL of a report
//! printed or written.

use crate::reports::{REPORTS, csv_rows};
use crate::util::TestDir;

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
    let source = include_str!("../../reports/hosted.sql");
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
