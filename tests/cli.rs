//! The command line a newcomer meets first: `apsc` alone, a database path
//! that names no file, completion, and the hints a usage error carries.

use crate::util::TestDir;

#[test]
fn apsc_alone_lists_the_commands() {
    let t = TestDir::new();
    let run = t.apsc(&[]).code_is(2);
    for command in ["report", "sql", "show", "cite", "export", "completions"] {
        assert!(
            run.stderr().contains(&format!("\n  {command} ")),
            "{}",
            run.stderr()
        );
    }
}

#[test]
fn an_empty_apsc_db_does_not_break_commands_that_need_no_database() {
    let t = TestDir::new();
    let run = t.apsc_with(&["completions", "bash"], |cmd| {
        cmd.env("APSC_DB", "");
    });
    run.success().stdout_has("apsc");
}

#[test]
fn cite_format_points_to_style() {
    let t = TestDir::new();
    let run = t
        .apsc(&["cite", "china-asean-le-dialogue", "--format", "csv"])
        .code_is(2)
        .stderr_has("--style");
    assert!(!run.stderr().contains("-- --format"), "{}", run.stderr());
}

#[test]
fn sql_without_a_query_says_to_read_stdin_with_a_dash() {
    let t = TestDir::new();
    t.seeded();
    t.apsc_with(&["sql"], |cmd| {
        cmd.stdin(std::process::Stdio::piped());
    })
    .code_is(2)
    .stderr_has("apsc sql - < ");
}

#[test]
fn top_level_help_names_every_export_format() {
    let t = TestDir::new();
    let run = t.apsc(&["--help"]).success();
    let help = run.stdout();
    // The command's line in the list, and its continuation.
    let export = help.split("\n  export ").nth(1).unwrap_or_default();
    let export = export.split("\n  schema ").next().unwrap_or_default();
    for format in ["CSV", "workbook", "network", "Datasette"] {
        assert!(export.contains(format), "{format} missing from {export:?}");
    }
}

#[test]
fn completion_offers_report_names_and_partner_ids() {
    let t = TestDir::new();
    let run = t.apsc(&["completions", "bash"]).success();
    let script = run.stdout();
    let report = script
        .split("apsc__subcmd__report)")
        .nth(1)
        .expect("the report command completes");
    let opts = report.lines().nth(1).unwrap_or_default();
    for name in ["partner_areas", "timeline", "overview"] {
        assert!(opts.contains(&format!(" {name}")), "{opts}");
    }
    assert!(report.contains("name=rok"), "partner ids for --param name=");
    assert!(report.contains("area=cyber-security"));
}

#[test]
fn a_db_naming_no_file_is_an_error_not_created() {
    let t = TestDir::new();
    t.apsc(&["--db", "mydata.db", "show", "ROK"])
        .code_is(4)
        .clean_stderr()
        .stderr_has("apsc --db mydata.db seed");
    assert!(!t.path().join("mydata.db").exists());
    t.apsc(&["--db", "mydata.db", "seed"]).success();
    t.apsc(&["--db", "mydata.db", "show", "ROK"]).success();
    // The default database is still created on first use.
    t.apsc_with(&["report", "overview"], |cmd| {
        cmd.env_remove("APSC_DB");
    })
    .success()
    .stderr_has("created apsc.db");
}
