//! The other commands and the command line itself: export, schema,
//! help with examples on every command, and documented exit codes.

use std::fs;

use crate::util::{SOURCE_SHA256, TestDir, number};

const COMMANDS: &[&str] = &[
    "seed", "check", "report", "reports", "sql", "search", "export", "schema", "show", "html",
];

#[test]
fn every_command_has_help_with_an_example() {
    let t = TestDir::new();
    for command in COMMANDS {
        t.apsc(&[command, "--help"])
            .success()
            .stdout_has("Examples:")
            .stdout_has("apsc ");
    }
    t.apsc(&["--help"]).success().stdout_has("Exit codes");
    assert!(!t.db().exists(), "help does not create a database");
}

#[test]
fn usage_errors_exit_2_without_a_backtrace() {
    let t = TestDir::new();
    t.apsc(&["nonsense"]).code_is(2).clean_stderr();
    t.apsc(&["report", "no-such-report"])
        .code_is(2)
        .clean_stderr();
    t.apsc(&["sql", "SELECT 1", "--timeout", "-1"])
        .code_is(2)
        .clean_stderr()
        .stderr_has("0 or more");
    // Past what a duration holds: a usage error, not a crash.
    for huge in ["1e20", "99999999999999999999", "1e300", "inf"] {
        t.apsc(&["sql", "SELECT 1", "--timeout", huge])
            .code_is(2)
            .clean_stderr()
            .stderr_has("0 means no limit");
    }
    // An option that only --graph reads is not ignored without it.
    t.apsc(&["export", "out", "--graph-form", "projected"])
        .code_is(2)
        .clean_stderr()
        .stderr_has("--graph FILE");
    assert!(!t.path().join("out").exists());
    // Its value in any case, as --format takes one.
    t.apsc(&["export", "out", "--graph-form", "Projected"])
        .code_is(2)
        .stderr_has("--graph FILE");
    // clap's "were not provided:" runs into what was not.
    let run = t.apsc(&["export", "--graph-form", "projected"]).code_is(2);
    assert!(run.stderr().contains("provided: <DIR"), "{}", run.stderr());
    assert!(!run.stderr().contains(":;"), "{}", run.stderr());
    t.apsc(&["sql", "SELECT 1", "--param", "novalue"])
        .code_is(2)
        .clean_stderr()
        .stderr_has("NAME=VALUE");
    t.apsc(&["sql", "   "]).code_is(2).clean_stderr();
}

#[test]
fn a_broken_query_is_a_database_error_with_sqlites_words() {
    let t = TestDir::new();
    t.seeded();
    t.apsc(&["sql", "SELEC 1"])
        .code_is(4)
        .clean_stderr()
        .stderr_has("syntax error");
    t.apsc(&["sql", "SELECT * FROM no_such_table"])
        .code_is(4)
        .stderr_has("no such table");
}

#[test]
fn export_writes_every_table_and_report_with_a_readme() {
    let t = TestDir::new();
    t.seeded();
    let dir = t.path().join("out");
    // The message goes to stderr: stdout stays free for data written to it.
    let run = t
        .apsc(&["export", dir.to_str().unwrap()])
        .success()
        .stderr_has("apsc: exported");
    assert_eq!(run.stdout(), "");
    let readme = fs::read_to_string(dir.join("README.md")).unwrap();
    let conn = t.conn();
    let mut stmt = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE (type = 'table' AND name NOT LIKE 'sqlite_%'
               AND name NOT LIKE 'passages_fts%' AND name <> 'refinery_schema_history')
               OR (type = 'view' AND name LIKE 'report_%')",
        )
        .unwrap();
    let names: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(names.len() > 20);
    for name in &names {
        let file = dir.join(format!("{name}.csv"));
        let text = fs::read_to_string(&file).unwrap_or_else(|_| panic!("{name}.csv is missing"));
        let rows = csv::Reader::from_reader(text.as_bytes()).records().count() as i64;
        let n = number(&conn, &format!("SELECT count(*) FROM \"{name}\""));
        assert_eq!(rows, n, "{name}.csv rows");
        assert!(
            readme.contains(&format!("| {name}.csv | {n} |")),
            "README lacks {name}.csv"
        );
    }
    assert!(
        readme.contains(SOURCE_SHA256),
        "the README names the source text by its SHA-256"
    );
    assert!(
        readme.contains("partner"),
        "the README names the report that needs a parameter"
    );
    // The same options as csv output.
    t.seeded_then(&["export", "excel", "--excel"]);
    assert!(
        fs::read(t.path().join("excel/partners.csv"))
            .unwrap()
            .starts_with(b"\xEF\xBB\xBF")
    );
}

#[test]
fn schema_lists_tables_views_columns_and_counts() {
    let t = TestDir::new();
    t.seeded();
    let (_, rows) = t.csv(&["schema"]);
    let find = |name: &str| {
        rows.iter()
            .find(|r| r[0] == name)
            .unwrap_or_else(|| panic!("{name} missing"))
            .clone()
    };
    let meetings = find("meetings");
    let n = number(&t.conn(), "SELECT count(*) FROM meetings");
    assert_eq!(&meetings[1], "table");
    assert_eq!(meetings[2].parse::<i64>().unwrap(), n);
    assert!(meetings[3].contains("china_role TEXT"));
    assert_eq!(&find("report_partners")[1], "view");
    assert_eq!(&find("passages_fts")[1], "virtual table");
}

#[test]
fn a_failed_check_constraint_is_one_line() {
    let t = TestDir::new();
    t.seeded();
    // The CHECK on date_edtf spans several lines of the schema; SQLite
    // quotes it whole.
    let run = t
        .apsc(&[
            "sql",
            "--write",
            "UPDATE meetings SET date_edtf = 'soon' WHERE id = 'china-asean-le-dialogue'",
        ])
        .code_is(4);
    let stderr = run.stderr();
    assert!(stderr.contains("CHECK constraint failed"), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
}

/// `apsc export DIR` never replaces a file it did not write: it writes into
/// a new or empty folder, or one it exported to before, and refuses any
/// other, naming what is there.
#[test]
fn export_dir_never_replaces_a_file_it_did_not_write() {
    let t = TestDir::new();
    t.seeded();
    let mine = t.path().join("mine");
    fs::create_dir(&mine).unwrap();
    fs::write(mine.join("README.md"), "my notes\n").unwrap();
    let run = t.apsc(&["export", "mine"]).code_is(2).clean_stderr();
    assert!(
        run.stderr()
            .contains("mine already holds files apsc did not write (README.md)"),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains("choose another folder"));
    assert_eq!(
        fs::read_to_string(mine.join("README.md")).unwrap(),
        "my notes\n"
    );
    assert_eq!(fs::read_dir(&mine).unwrap().count(), 1, "nothing was added");
    // An empty folder, then the same folder again: apsc wrote it.
    fs::create_dir(t.path().join("empty")).unwrap();
    t.apsc(&["export", "empty"]).success();
    fs::write(t.path().join("empty/mine.txt"), "kept").unwrap();
    t.apsc(&["export", "empty", "--excel"]).success();
    assert_eq!(
        fs::read_to_string(t.path().join("empty/mine.txt")).unwrap(),
        "kept"
    );
    // A data package of someone else's is not apsc's.
    fs::write(mine.join("datapackage.json"), r#"{"name": "theirs"}"#).unwrap();
    t.apsc(&["export", "mine"])
        .code_is(2)
        .stderr_has("README.md, datapackage.json");
}

/// An interrupted `export DIR` leaves no temporary file of its own behind,
/// whenever the interrupt comes: before, between or while files are written.
#[test]
fn an_interrupted_export_dir_leaves_no_temporary_files() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let t = TestDir::new();
    t.seeded();
    for (run, files) in [1, 12, 40].into_iter().enumerate() {
        let dir = t.path().join(format!("out{run}"));
        let child = Command::new(env!("CARGO_BIN_EXE_apsc"))
            .env("APSC_DB", t.db())
            .arg("export")
            .arg(&dir)
            .stdin(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let held = || fs::read_dir(&dir).map_or(0, |d| d.count());
        let started = Instant::now();
        while held() < files && started.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(2));
        }
        let _ = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let output = child.wait_with_output().unwrap();
        // Interrupted (130), or done before the signal came (0).
        let code = output.status.code();
        assert!(matches!(code, Some(130 | 0)), "{code:?}: {output:?}");
        let left: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.') || n.ends_with(".tmp"))
            .collect();
        assert!(
            left.is_empty(),
            "interrupted at {files} files, left {left:?}"
        );
    }
}

/// A name whose extension says another format than the one written is an
/// error, not a workbook named `.csv`.
#[test]
fn export_refuses_a_name_whose_extension_is_another_format() {
    let t = TestDir::new();
    t.seeded();
    t.apsc(&["export", "--xlsx", "apsc.csv"])
        .code_is(2)
        .clean_stderr()
        .stderr_has("--xlsx writes a workbook, but apsc.csv ends in .csv: name it .xlsx");
    t.apsc(&["export", "--datasette", "meta.yaml"])
        .code_is(2)
        .stderr_has("name it .json");
    assert!(!t.path().join("apsc.csv").exists() && !t.path().join("meta.yaml").exists());
    t.apsc(&["export", "--graph", "g.svg"])
        .code_is(2)
        .stderr_has(".graphml, .gexf, .dot or .json");
    // A folder named like a workbook is a forgotten --xlsx: no folder made.
    t.apsc(&["export", "out.xlsx"])
        .code_is(2)
        .stderr_has("out.xlsx names a file, but DIR is the folder to export CSV files to; for that file, give --xlsx out.xlsx");
    assert!(!t.path().join("out.xlsx").exists());
    // An existing folder of that name is still a folder.
    std::fs::create_dir(t.path().join("old.json")).unwrap();
    t.apsc(&["export", "old.json"]).success();
}

/// The partner network's message says how many fact nodes have no edge:
/// the facts with no partner besides China.
#[test]
fn the_partner_network_message_says_which_nodes_have_no_edge() {
    let t = TestDir::new();
    t.seeded();
    let alone = number(
        &t.conn(),
        "SELECT count(*) FROM facts f WHERE NOT EXISTS (
           SELECT 1 FROM fact_partners fp JOIN partners p ON p.id = fp.partner_id
            WHERE p.is_subject = 0 AND fp.fact_table = f.fact_table AND fp.fact_id = f.fact_id)",
    );
    assert!(alone > 0);
    t.apsc(&["export", "--graph", "g.graphml"])
        .success()
        .stderr_has(&format!(
            "; {alone} facts have no partner besides China, so no edge\n"
        ));
    let projected = t
        .apsc(&[
            "export",
            "--graph",
            "p.graphml",
            "--graph-form",
            "projected",
        ])
        .success();
    assert!(
        !projected.stderr().contains("no edge"),
        "{}",
        projected.stderr()
    );
}
