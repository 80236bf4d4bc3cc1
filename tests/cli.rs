//! The command line a newcomer meets first: `apsc` alone, a database path
//! that names no file, completion, and the hints a usage error carries.

use std::fs;

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

/// The man pages set each example on its own line, as `--help` shows it,
/// rather than filling them into one paragraph, and the top page refers to
/// no page that is not written (clap's `help` has none).
#[test]
fn the_man_page_keeps_its_examples_as_lines_and_lists_only_written_pages() {
    let t = TestDir::new();
    t.apsc(&["manpage", "man"]).success();
    let read = |name: &str| std::fs::read_to_string(t.path().join("man").join(name)).unwrap();
    let top = read("apsc.1");
    let examples = top
        .split_once(".SH EXAMPLES\n.nf\n")
        .and_then(|(_, rest)| rest.split_once("\n.fi\n"))
        .unwrap_or_else(|| panic!("no unfilled EXAMPLES section: {top}"))
        .0;
    assert_eq!(examples.lines().count(), 9, "{examples}");
    assert!(
        examples.lines().any(|l| l == "apsc search Mekong"),
        "{examples}"
    );
    assert!(
        examples.contains("\napsc check                      verify the database"),
        "{examples}"
    );
    let page = read("apsc-manpage.1");
    assert!(
        page.contains(".nf\napsc manpage man/ && man man/apsc.1\napsc manpage"),
        "{page}"
    );
    let referred: Vec<&str> = top
        .lines()
        .filter_map(|l| l.strip_prefix("apsc\\-")?.strip_suffix("(1)"))
        .collect();
    assert!(referred.len() >= 10, "{top}");
    for name in referred {
        assert!(
            t.path().join(format!("man/apsc-{name}.1")).is_file(),
            "apsc-{name}(1) is listed but not written"
        );
    }
    assert!(!top.contains("apsc\\-help"), "{top}");
}

/// The one skip helper: under CI a missing outside tool fails the test, as
/// `.ci/run` installs every tool; elsewhere the test is skipped, saying why.
#[test]
fn one_skip_helper_fails_a_missing_tool_under_ci_and_skips_it_elsewhere() {
    for (value, ci) in [
        (None, false),
        (Some(""), false),
        (Some("false"), false),
        (Some("0"), false),
        (Some("true"), true),
        (Some("1"), true),
    ] {
        assert_eq!(crate::util::under_ci(value), ci, "CI={value:?}");
    }
    assert_eq!(
        crate::util::skip_or_fail(false, "sqlite3"),
        Ok("skipped: sqlite3".to_string())
    );
    let failure = crate::util::skip_or_fail(true, "sqlite3").unwrap_err();
    assert!(
        failure.starts_with("sqlite3; CI must provide it"),
        "{failure}"
    );
}

#[test]
fn a_database_in_a_missing_folder_names_the_folder() {
    let t = TestDir::new();
    t.apsc(&["--db", "nodir/x.db", "report", "overview"])
        .code_is(4)
        .stderr_has("the folder nodir does not exist")
        .clean_stderr();
    assert!(!t.path().join("nodir").exists());
}

#[test]
fn an_empty_apsc_db_variable_is_named_not_taken_as_a_missing_value() {
    let t = TestDir::new();
    t.apsc_with(&["report", "overview"], |cmd| {
        cmd.env("APSC_DB", "");
    })
    .code_is(2)
    .stderr_has("APSC_DB is set but empty");
}

#[test]
fn completions_cover_every_visible_command() {
    let t = TestDir::new();
    let script = t.apsc(&["completions", "bash"]).success().stdout();
    for command in [
        "seed", "check", "report", "reports", "sql", "search", "export", "schema",
    ] {
        assert!(script.contains(command), "bash completions lack {command}");
    }
    t.apsc(&["completions", "ZSH"])
        .success()
        .stdout_has("#compdef apsc");
}

#[test]
fn manpage_writes_a_page_per_command_that_the_top_page_refers_to() {
    let t = TestDir::new();
    t.apsc(&["manpage", "man"]).success();
    let top = fs::read_to_string(t.path().join("man/apsc.1")).unwrap();
    for command in ["seed", "check", "report", "sql", "search", "export"] {
        assert!(top.contains(&format!("apsc\\-{command}(1)")), "{top}");
        let page = fs::read_to_string(t.path().join(format!("man/apsc-{command}.1")))
            .unwrap_or_else(|e| panic!("no page for {command}: {e}"));
        assert!(page.starts_with(".ie") || page.contains(".TH"), "{page}");
        assert!(page.contains(&format!(".TH apsc-{command} 1")), "{page}");
    }
    let report = fs::read_to_string(t.path().join("man/apsc-report.1")).unwrap();
    assert!(
        report.contains("\\-\\-param"),
        "the report page lacks --param"
    );
}

#[test]
fn usage_errors_are_one_line_with_a_tip() {
    let t = TestDir::new();
    let run = t
        .apsc(&["report", "overview", "--fromat", "csv"])
        .code_is(2);
    let err = run.stderr();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("apsc: ") && err.contains("'--format'"),
        "{err}"
    );
}
