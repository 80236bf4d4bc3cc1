//! The renderer: CSV as RFC 4180 with an optional byte-order mark and Excel
//! neutralisation, TSV, JSON and Markdown escaping, NULL in each format, and
//! -o FILE with the format taken from its extension.

use std::fs;

use crate::util::TestDir;

/// A query whose cells exercise every escaping rule.
const AWKWARD: &str = "SELECT 'a,b' AS comma, 'say \"hi\"' AS quote, 'two' || char(10) || 'lines' AS newline, \
                       'tab' || char(9) || 'here' AS tab, '=1+2' AS formula, '-3' AS minus, -3 AS negative, \
                       '@x' AS at, 'a|b' AS pipe, 'back\\slash' AS backslash, NULL AS missing, 1.5 AS real, \
                       '北京 ✓' AS unicode";

#[test]
fn csv_reads_back_to_the_same_cells() {
    let t = TestDir::new();
    t.seeded();
    let out = t
        .apsc(&["sql", "--format", "csv", AWKWARD])
        .success()
        .stdout();
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let record = reader.records().next().unwrap().unwrap();
    let cells: Vec<&str> = record.iter().collect();
    assert_eq!(
        cells,
        [
            "a,b",
            "say \"hi\"",
            "two\nlines",
            "tab\there",
            "=1+2",
            "-3",
            "-3",
            "@x",
            "a|b",
            "back\\slash",
            "",
            "1.5",
            "北京 ✓"
        ]
    );
    assert!(out.contains("\r\n"), "CSV lines end in CRLF");
    assert!(
        out.starts_with("comma,quote,"),
        "no quotes where none are needed"
    );
    assert!(!out.starts_with('\u{feff}'));
}

#[test]
fn bom_and_excel_mode() {
    let t = TestDir::new();
    t.seeded();
    let out = t
        .apsc(&["sql", "--format", "csv", "--bom", AWKWARD])
        .success()
        .output
        .stdout;
    assert!(out.starts_with(b"\xEF\xBB\xBF"));
    let out = t
        .apsc(&["sql", "--format", "csv", "--excel", AWKWARD])
        .success()
        .output
        .stdout;
    assert!(out.starts_with(b"\xEF\xBB\xBF"));
    let mut reader = csv::Reader::from_reader(&out[3..]);
    let record = reader.records().next().unwrap().unwrap();
    let cells: Vec<&str> = record.iter().collect();
    assert_eq!(cells[3], "tab\there", "a tab inside is left alone");
    assert_eq!(
        cells[4], "'=1+2",
        "a cell starting with a formula character is neutralised"
    );
    assert_eq!(cells[5], "'-3", "text that looks like a formula");
    assert_eq!(cells[6], "-3", "a number stays a number");
    assert_eq!(cells[7], "'@x");
    assert_eq!(cells[0], "a,b");
    let out = t
        .apsc(&[
            "sql",
            "--format",
            "csv",
            "--excel",
            "--no-header",
            "SELECT char(9) || 'a', char(13) || 'b', '+c'",
        ])
        .success()
        .output
        .stdout;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&out[3..]);
    let record = reader.records().next().unwrap().unwrap();
    assert_eq!(record.iter().collect::<Vec<_>>(), ["'\ta", "'\rb", "'+c"]);
    t.apsc(&["sql", "--format", "json", "--bom", "SELECT 1"])
        .code_is(2)
        .stderr_has("csv and tsv");
}

#[test]
fn null_is_an_empty_cell_in_csv_and_null_in_json() {
    let t = TestDir::new();
    t.seeded();
    let json = t
        .apsc(&["sql", "--format", "json", AWKWARD])
        .success()
        .stdout();
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    let row = &rows[0];
    assert_eq!(row["missing"], serde_json::Value::Null);
    assert_eq!(row["negative"], serde_json::json!(-3));
    assert_eq!(row["real"], serde_json::json!(1.5));
    assert_eq!(row["newline"], "two\nlines");
    assert_eq!(row["unicode"], "北京 ✓");
    let jsonl = t
        .apsc(&[
            "sql",
            "--format",
            "jsonl",
            "SELECT NULL AS x UNION ALL SELECT 2",
        ])
        .success()
        .stdout();
    assert_eq!(jsonl, "{\"x\":null}\n{\"x\":2}\n");
    let empty = t
        .apsc(&["sql", "--format", "json", "SELECT 1 AS x WHERE 0"])
        .success()
        .stdout();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&empty).unwrap(),
        serde_json::json!([])
    );
}

#[test]
fn tsv_and_markdown_escape_what_would_break_them() {
    let t = TestDir::new();
    t.seeded();
    let tsv = t
        .apsc(&["sql", "--format", "tsv", AWKWARD])
        .success()
        .stdout();
    let lines: Vec<&str> = tsv.lines().collect();
    assert_eq!(lines.len(), 2);
    let cells: Vec<&str> = lines[1].split('\t').collect();
    assert_eq!(cells.len(), 13);
    assert_eq!(cells[2], "two\\nlines");
    assert_eq!(cells[3], "tab\\there");
    assert_eq!(cells[9], "back\\\\slash");
    let md = t
        .apsc(&["sql", "--format", "markdown", AWKWARD])
        .success()
        .stdout();
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[1].starts_with("| --- |"));
    assert!(lines[2].contains("two<br>lines"));
    assert!(lines[2].contains("a\\|b"));
}

#[test]
fn the_output_file_takes_its_format_from_its_extension() {
    let t = TestDir::new();
    t.seeded();
    let query = "SELECT id, name FROM areas ORDER BY section";
    for (file, check) in [
        ("areas.csv", "id,name\r\n"),
        ("areas.tsv", "id\tname\n"),
        ("areas.json", "[\n{\"id\":"),
        ("areas.jsonl", "{\"id\":"),
        ("areas.md", "| id | name |"),
        ("areas.txt", "┌"),
    ] {
        let path = t.path().join(file);
        let run = t
            .apsc(&["sql", query, "-o", path.to_str().unwrap()])
            .success();
        assert_eq!(run.stdout(), "", "{file}: nothing on stdout");
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(check), "{file}: {text:?}");
    }
    t.apsc(&[
        "sql",
        query,
        "-o",
        t.path().join("areas.xlsx").to_str().unwrap(),
    ])
    .code_is(2)
    .stderr_has("--format");
    // --format wins over the extension.
    let path = t.path().join("areas.out");
    t.apsc(&[
        "sql",
        query,
        "--format",
        "csv",
        "-o",
        path.to_str().unwrap(),
    ])
    .success();
    assert!(fs::read_to_string(&path).unwrap().starts_with("id,name"));
}

#[test]
fn a_failed_command_leaves_no_partial_output_file() {
    let t = TestDir::new();
    t.seeded();
    let path = t.path().join("out.csv");
    fs::write(&path, "old contents").unwrap();
    t.apsc(&[
        "sql",
        "--timeout",
        "0.25",
        "-o",
        path.to_str().unwrap(),
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c",
    ])
    .code_is(4);
    assert_eq!(fs::read_to_string(&path).unwrap(), "old contents");
    let leftovers: Vec<_> = fs::read_dir(t.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".apsc-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn the_table_fits_the_width_it_is_given() {
    let t = TestDir::new();
    t.seeded();
    for width in ["60", "100", "160"] {
        let out = t
            .apsc_with(
                &["sql", "SELECT id, quote FROM statements LIMIT 3"],
                |cmd| {
                    cmd.env("COLUMNS", width);
                },
            )
            .success()
            .stdout();
        let widest = out.lines().map(|l| l.chars().count()).max().unwrap();
        assert!(
            widest <= width.parse().unwrap(),
            "width {width}: a line of {widest}"
        );
        assert!(out.lines().count() > 6, "long quotes wrap");
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let t = TestDir::new();
    t.seeded();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_apsc"))
        .args(["--db", t.db().to_str().unwrap(), "sql", "--format", "csv"])
        .arg("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000) SELECT x, 'padding padding' FROM c")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{:?} {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
