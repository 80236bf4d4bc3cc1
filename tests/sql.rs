//! `apsc sql`: ad-hoc queries with bound parameters, read-only by default.

use crate::util::TestDir;

#[test]
fn a_query_prints_an_aligned_table() {
    let t = TestDir::new();
    t.seeded();
    t.apsc(&[
        "sql",
        "SELECT id, iso3 FROM partners WHERE id IN ('rok', 'us') ORDER BY id",
    ])
    .success()
    .stdout_has("│ rok ┆ KOR  │")
    .stdout_has("│ us  ┆ USA  │");
}

#[test]
fn csv_output_is_rfc_4180_and_reads_back() {
    let t = TestDir::new();
    t.seeded();
    let run = t
        .apsc(&[
            "sql",
            "--format",
            "csv",
            "SELECT id, quote FROM figures WHERE id = 'mh370-funding-aud'",
        ])
        .success();
    let out = run.stdout();
    assert!(out.starts_with("id,quote\r\n"), "{out:?}");
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().unwrap();
    assert_eq!(rows.len(), 1);
    assert!(rows[0][1].contains("A$20 million ($14.8 million)"));
}

#[test]
fn parameters_are_bound_not_spliced() {
    let t = TestDir::new();
    t.seeded();
    t.apsc(&[
        "sql",
        "--format",
        "csv",
        "--no-header",
        "SELECT name FROM partners WHERE id = :id",
        "--param",
        "id=rok",
    ])
    .success()
    .stdout_has("Republic of Korea");
    // Values that carry SQL: see guard.rs.
}

#[test]
fn a_missing_or_unused_parameter_is_a_usage_error() {
    let t = TestDir::new();
    t.seeded();
    t.apsc(&["sql", "SELECT :id"])
        .code_is(2)
        .stderr_has("--param id=VALUE");
    t.apsc(&["sql", "SELECT 1", "--param", "idd=3"])
        .code_is(2)
        .stderr_has("matches no parameter");
}

#[test]
fn a_write_is_refused_without_write() {
    let t = TestDir::new();
    t.seeded();
    let before = std::fs::read(t.db()).unwrap();
    t.apsc(&["sql", "DELETE FROM partners"])
        .code_is(2)
        .stderr_has("refused: DELETE from partners would change the database")
        .stderr_has("--write");
    assert_eq!(std::fs::read(t.db()).unwrap(), before);
}

#[test]
fn regression_unused_parameter_was_reported_after_the_rows() {
    let t = TestDir::new();
    t.seeded();
    t.apsc(&["sql", "SELECT :a AS a", "--param", "a=1", "--param", "b=2"])
        .code_is(2)
        .stderr_has("--param b matches no parameter");
    let run = t.apsc(&["sql", "SELECT :a AS a", "--param", "a=1", "--param", "b=2"]);
    assert_eq!(run.stdout(), "", "rows were printed before the refusal");
    // Nor is any change made.
    let before = t.snapshot();
    t.apsc(&[
        "sql",
        "--write",
        "UPDATE partners SET name = :name WHERE id = 'rok'",
        "--param",
        "name=X",
        "--param",
        "nmae=Y",
    ])
    .code_is(2);
    assert_eq!(t.snapshot(), before);
}

#[test]
fn a_malformed_param_is_a_clap_error() {
    let t = TestDir::new();
    t.seeded();
    for (flag, says) in [
        ("a", "needs the form NAME=VALUE"),
        ("=1", "has no name before ="),
    ] {
        t.apsc(&["sql", "SELECT 1", "--param", flag])
            .code_is(2)
            .stderr_has(&format!(
                "invalid value '{flag}' for '--param <NAME=VALUE>'"
            ))
            .stderr_has(says);
    }
    t.apsc(&["sql", "SELECT :a", "--param", "a=1", "--param", ":a=2"])
        .code_is(2)
        .stderr_has("--param a is given twice");
}

#[test]
fn an_sql_error_is_one_line_in_the_users_terms() {
    let t = TestDir::new();
    t.seeded();
    let run = t
        .apsc(&["sql", "SELECT name\n  FROM partners\n WHER id = 'rok'"])
        .code_is(4)
        .clean_stderr()
        .stderr_has("near \"id\": syntax error")
        .stderr_has("line 3");
    assert_eq!(run.stderr().lines().count(), 1, "{}", run.stderr());
    assert!(!run.stderr().contains("Error code"), "{}", run.stderr());
    t.apsc(&["sql", "SELECT * FROM partner"])
        .code_is(4)
        .stderr_has("no such table: partner")
        .stderr_has("apsc schema");
    let run = t
        .apsc(&["sql", "--format", "csv", "SELECT 1; SELECT 2"])
        .code_is(2)
        .stderr_has("csv output");
    assert!(!run.stderr().contains("Csv"), "{}", run.stderr());
}

#[test]
fn regression_numeric_param_matched_nothing_in_a_report_view() {
    let t = TestDir::new();
    t.seeded();
    let literal = t
        .apsc(&[
            "sql",
            "--format",
            "csv",
            "SELECT partner, total FROM report_partners WHERE total >= 4",
        ])
        .success()
        .stdout();
    let bound = t
        .apsc(&[
            "sql",
            "--format",
            "csv",
            "SELECT partner, total FROM report_partners WHERE total >= :n",
            "--param",
            "n=4",
        ])
        .success()
        .stdout();
    // The partners in four engagements or more, counted from the links
    // (a statement is no engagement).
    let n: i64 = t
        .conn()
        .query_row(
            "SELECT count(*) FROM (SELECT partner_id FROM fact_partners fp
               JOIN partners p ON p.id = fp.partner_id
              WHERE p.is_subject = 0 AND fp.fact_table <> 'statements'
              GROUP BY partner_id HAVING count(*) >= 4)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(n > 0);
    assert_eq!(literal.lines().count() as i64, n + 1, "{literal}");
    assert_eq!(bound, literal);
}

#[test]
fn param_binds_a_plain_number_as_a_number() {
    let t = TestDir::new();
    t.seeded();
    let sql = "SELECT kind, count(*) AS n FROM partners GROUP BY kind HAVING n >= :min";
    let kinds = |min: &str| {
        let run = t.apsc(&["sql", sql, "--param", min, "--format", "csv", "--no-header"]);
        run.success().stdout().lines().count()
    };
    let literal = t
        .apsc(&[
            "sql",
            &sql.replace(":min", "5"),
            "--format",
            "csv",
            "--no-header",
        ])
        .success()
        .stdout()
        .lines()
        .count();
    assert!(literal > 0);
    assert_eq!(kinds("min=5"), literal);
    assert_eq!(kinds("min=5.0"), literal);
    // Quoted, it is the text '5', which no count equals or exceeds.
    assert_eq!(kinds("min='5'"), 0);
    t.apsc(&[
        "sql",
        "SELECT typeof(:v)",
        "--param",
        "v=ROK",
        "--format",
        "csv",
    ])
    .success()
    .stdout_has("text");
}

#[test]
fn sql_file_dash_reads_the_query_from_stdin() {
    let t = TestDir::new();
    t.seeded();
    let query = t.path().join("q.sql");
    std::fs::write(
        &query,
        "SELECT count(*) AS n FROM partners WHERE kind = 'forum'",
    )
    .unwrap();
    for args in [
        &["sql", "--file", "-", "--format", "csv"][..],
        &["sql", "-", "--format", "csv"],
    ] {
        let run = t
            .apsc_with(args, |cmd| {
                cmd.stdin(std::fs::File::open(&query).unwrap());
            })
            .success();
        let forums = t
            .conn()
            .query_row(
                "SELECT count(*) FROM partners WHERE kind = 'forum'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .unwrap();
        assert_eq!(
            run.stdout(),
            format!("n\r\n{forums}\r\n"),
            "{}",
            run.describe()
        );
    }
}
