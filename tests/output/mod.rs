//! The renderer: CSV as RFC 4180 with an optional byte-order mark and Excel
//! neutralisation, TSV, JSON and Markdown escaping, NULL and blobs in each
//! format, and -o FILE with the format taken from its extension. The table
//! layout, what -o does with each kind of path and a closed pipe have
//! modules of their own.

mod paths;
mod pipes;
mod table;
mod widths;

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
    let before = t.snapshot();
    t.apsc(&[
        "sql",
        "--timeout",
        "0.15",
        "-o",
        "out.csv",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c",
    ])
    .code_is(4)
    .stderr_has("nothing written to ")
    .stderr_has("out.csv: stopped: the query ran past the time limit");
    assert_eq!(t.snapshot(), before, "a partial file was left behind");
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
fn regression_a_repeated_column_name_is_numbered_in_json() {
    let t = TestDir::new();
    t.seeded();
    let sql = "SELECT 1 AS a, 2 AS a, 3 AS b, 4 AS a";
    for format in ["json", "jsonl"] {
        let out = t.apsc(&["sql", "--format", format, sql]).success().stdout();
        let text = out
            .trim()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .trim();
        let row: serde_json::Map<String, serde_json::Value> = serde_json::from_str(text).unwrap();
        let keys: Vec<&str> = row.keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 4, "{format}: {out}");
        assert_eq!(
            (&row["a"], &row["a_2"], &row["b"], &row["a_3"]),
            (&1.into(), &2.into(), &3.into(), &4.into()),
            "{format}: {out}"
        );
    }
    let csv = t.apsc(&["sql", "--format", "csv", sql]).success().stdout();
    assert!(
        csv.starts_with("a,a,b,a\r\n"),
        "CSV keeps the header as it is: {csv}"
    );
    let help = t.apsc(&["sql", "--help"]).success().stdout();
    assert!(help.contains("a_2"), "--help says how keys are made unique");
}

#[test]
fn regression_a_blob_cannot_be_taken_for_text() {
    let t = TestDir::new();
    t.seeded();
    let sql = "SELECT x'00ff41' AS b, '00ff41' AS t";
    let json = t.apsc(&["sql", "--format", "json", sql]).success().stdout();
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    // 00 ff 41 is 000000 001111 111101 000001 in base64's six-bit groups.
    assert_eq!(
        rows[0]["b"],
        serde_json::json!({"$base64": true, "encoded": "AP9B"})
    );
    assert_eq!(rows[0]["t"], "00ff41");
    let csv = t.apsc(&["sql", "--format", "csv", sql]).success().stdout();
    assert_eq!(csv, "b,t\r\nx'00ff41',00ff41\r\n");
    let tsv = t.apsc(&["sql", "--format", "tsv", sql]).success().stdout();
    assert_eq!(tsv, "b\tt\nx'00ff41'\t00ff41\n");
    for format in ["table", "markdown"] {
        let out = t.apsc(&["sql", "--format", format, sql]).success().stdout();
        assert!(out.contains("<blob 3 bytes>"), "{format}: {out}");
    }
}

#[test]
fn regression_the_format_name_is_taken_in_any_case() {
    let t = TestDir::new();
    t.seeded();
    for name in ["CSV", "Csv", "csv"] {
        let out = t
            .apsc(&["sql", "--format", name, "SELECT 1 AS x"])
            .success()
            .stdout();
        assert_eq!(out, "x\r\n1\r\n", "--format {name}");
    }
    t.apsc(&["sql", "--format", "JSONL", "SELECT 1 AS x"])
        .success()
        .stdout_has("{\"x\":1}");
}

#[test]
fn select_1_5e300_prints_as_sqlite_writes_it_not_301_digits() {
    let t = TestDir::new();
    t.seeded();
    let sql = "SELECT 1.5e300 AS big, 0.0 AS zero, 1e-5 AS small";
    let table = t.apsc(&["sql", sql]).success().stdout();
    assert!(table.contains("┆ 1.0e-05 │"), "{table}");
    assert!(table.contains("│ 1.5e+300 ┆"), "{table}");
    let csv = t.apsc(&["sql", "--format", "csv", sql]).success().stdout();
    assert_eq!(csv, "big,zero,small\r\n1.5e+300,0.0,1.0e-05\r\n");
}

#[test]
fn o_follows_the_extension_and_a_mismatched_format_is_an_error() {
    let t = TestDir::new();
    t.seeded();
    let out = t.path().join("areas.csv");
    let out = out.to_str().unwrap();
    t.apsc(&["report", "overview", "--format", "json", "-o", out])
        .code_is(2)
        .stderr_has("--format json does not match the name");
    assert!(!t.path().join("areas.csv").exists());
    t.apsc(&["report", "overview", "--format", "csv", "-o", out])
        .success();
    let notes = t.path().join("notes.txt");
    t.apsc(&[
        "report",
        "overview",
        "--format",
        "markdown",
        "-o",
        notes.to_str().unwrap(),
    ])
    .success();
    assert!(
        fs::read_to_string(notes)
            .unwrap()
            .starts_with("| section |")
    );
}
