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
