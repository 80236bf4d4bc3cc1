//! The table format: its layout (a rule under the header only, short columns
//! whole, long text wrapped between words, widths from the output's own
//! terminal or none), and control characters shown rather than run.

use std::process::{Command, Stdio};

use crate::util::{TestDir, require_tool};

/// The display width of a line, counting each character once (the tests'
/// text is ASCII and box drawing).
fn width(line: &str) -> usize {
    line.chars().count()
}

fn table(t: &TestDir, columns: &str, sql: &str) -> String {
    t.apsc_with(&["sql", sql], |cmd| {
        cmd.env("COLUMNS", columns);
    })
    .success()
    .stdout()
}

#[test]
fn regression_no_rule_is_drawn_between_rows() {
    let t = TestDir::new();
    t.seeded();
    let out = table(
        &t,
        "100",
        "SELECT 1 AS n, 'one' AS word UNION ALL SELECT 2, 'two' UNION ALL SELECT 3, 'three'",
    );
    let lines: Vec<&str> = out.lines().collect();
    // top, header, the rule under it, three rows, bottom
    assert_eq!(lines.len(), 7, "{out}");
    assert!(lines[2].starts_with('╞'), "{out}");
    assert!(lines[3..6].iter().all(|l| l.starts_with("│ ")), "{out}");
    assert!(lines[6].starts_with('└'), "{out}");
}

#[test]
fn short_columns_keep_their_width_and_words_stay_whole() {
    let t = TestDir::new();
    t.seeded();
    let quote = "China takes an active part in disaster relief cooperation in the Asia-Pacific \
                 region and works with the ASEAN Regional Forum on tabletop exercises and drills";
    let sql = format!(
        "SELECT 'VI.1' AS section, 'Disaster Relief' AS area, '2015-10' AS date, '{quote}' AS quote"
    );
    let out = table(&t, "80", &sql);
    assert!(out.starts_with('┌'), "a table, not records:\n{out}");
    assert!(out.lines().all(|l| width(l) <= 80), "{out}");
    let rows: Vec<Vec<&str>> = out
        .lines()
        .filter(|l| l.starts_with("│ "))
        .map(|l| l.trim_matches('│').split('┆').map(str::trim).collect())
        .collect();
    assert_eq!(
        rows[1][1], "Disaster Relief",
        "a short column is not wrapped"
    );
    assert_eq!(rows[1][2], "2015-10");
    let wrapped: Vec<&str> = rows[1..].iter().map(|r| r[3]).collect();
    assert!(wrapped.len() > 1, "the quote wraps");
    assert_eq!(
        wrapped.join(" "),
        quote,
        "wrapped between words, none broken"
    );
}

#[test]
fn records_only_when_no_table_fits() {
    let t = TestDir::new();
    t.seeded();
    let wide: Vec<String> = (0..12)
        .map(|i| format!("{} AS n{i}", 10_i64.pow(15) + i))
        .collect();
    let out = table(&t, "80", &format!("SELECT {}", wide.join(", ")));
    assert!(out.starts_with("─[ 1 ]"), "{out}");
    assert!(out.contains("n11 │ 1000000000000011"), "{out}");
}

#[test]
fn regression_control_characters_are_shown_not_sent_to_the_terminal() {
    let t = TestDir::new();
    t.seeded();
    // The column name holds a BEL: names are shown safely too.
    let sql = "SELECT 'a' || char(27) || '[2J' || char(13) || 'b' || char(8238) || 'c' || char(155) \
               || char(8294) || char(1564) AS \"x\u{7}\"";
    for format in ["table", "markdown"] {
        let out = t.apsc(&["sql", "--format", format, sql]).success().stdout();
        for raw in [
            '\x1b', '\r', '\u{202e}', '\u{9b}', '\u{2066}', '\u{61c}', '\x07',
        ] {
            assert!(!out.contains(raw), "{format}: {raw:?} reached the output");
        }
        for shown in [
            "\\x1b[2J",
            "\\r",
            "\\u{202e}",
            "\\u{9b}",
            "\\u{2066}",
            "\\u{61c}",
            "\\x07",
        ] {
            let shown = if format == "markdown" {
                shown.replace('\\', "\\\\")
            } else {
                shown.to_string()
            };
            assert!(
                out.contains(&shown),
                "{format}: {shown} missing from\n{out}"
            );
        }
    }
    let json = t.apsc(&["sql", "--format", "json", sql]).success().stdout();
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        rows[0]["x\u{7}"], "a\u{1b}[2J\rb\u{202e}c\u{9b}\u{2066}\u{61c}",
        "JSON keeps the data exact"
    );
    let csv = t.apsc(&["sql", "--format", "csv", sql]).success().stdout();
    assert!(
        csv.contains("a\u{1b}[2J\rb\u{202e}c"),
        "CSV keeps the data exact"
    );
}

/// The typescript of `script` running `commands` on a terminal 50 wide.
fn on_a_terminal(t: &TestDir, commands: &str) -> String {
    let typescript = t.path().join("typescript");
    let line = format!("stty cols 50 rows 40; {commands}");
    let output = Command::new("script")
        .args(["-qec", &line, typescript.to_str().unwrap()])
        .current_dir(t.path())
        .env("APSC_DB", t.db())
        .env_remove("COLUMNS")
        .stdin(Stdio::null())
        .output()
        .expect("running script");
    assert!(output.status.success(), "script: {output:?}");
    std::fs::read_to_string(typescript).unwrap()
}

fn widest(text: &str) -> usize {
    text.lines()
        .map(|l| width(l.trim_end_matches('\r')))
        .max()
        .unwrap_or(0)
}

#[test]
fn regression_a_table_fits_the_terminal_whichever_stream_is_redirected_and_a_file_is_120_wide() {
    if !require_tool("script") {
        return;
    }
    let t = TestDir::new();
    t.seeded();
    let bin = env!("CARGO_BIN_EXE_apsc");
    let sql = "SELECT id, quote FROM statements LIMIT 3";
    let typed = on_a_terminal(
        &t,
        &format!(
            "'{bin}' sql '{sql}'; '{bin}' sql -o out.txt '{sql}'; '{bin}' sql '{sql}' > redirected.txt; \
             '{bin}' sql '{sql}' 2>log | cat > piped.txt; '{bin}' sql '{sql}' 2>log </dev/null | cat > both.txt"
        ),
    );
    let drawn: String = typed
        .lines()
        .filter(|l| l.starts_with(['┌', '│', '└', '─']))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(!drawn.is_empty(), "{typed}");
    assert!(widest(&drawn) <= 50, "{typed}");
    let read = |name: &str| std::fs::read_to_string(t.path().join(name)).unwrap();
    for piped in ["piped.txt", "both.txt"] {
        let text = read(piped);
        assert!(
            widest(&text) <= 50 && widest(&text) > 40,
            "{piped}:\n{text}"
        );
    }
    let file = read("out.txt");
    assert_eq!(
        file,
        read("redirected.txt"),
        "a file is laid out as -o lays it out"
    );
    assert_eq!(widest(&file), 120, "{file}");
}

#[test]
fn regression_a_terminal_that_reports_no_rows_still_gives_its_width() {
    if !require_tool("script") {
        return;
    }
    let t = TestDir::new();
    t.seeded();
    let bin = env!("CARGO_BIN_EXE_apsc");
    let sql = "SELECT id, quote FROM statements LIMIT 3";
    let typed = on_a_terminal(&t, &format!("stty rows 0; '{bin}' sql '{sql}'"));
    // A table or, at this width, one record at a time: each line is drawn.
    let drawn: String = typed
        .lines()
        .filter(|l| l.starts_with('─') || l.contains('│'))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(!drawn.is_empty(), "{typed}");
    let drawn_width = widest(&drawn);
    assert!(
        (40..=50).contains(&drawn_width),
        "drawn {drawn_width} wide on a terminal 50 wide:\n{typed}"
    );
}
