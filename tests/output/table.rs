//! The table format: its layout (a rule under the header only, short columns
//! whole, long text wrapped between words, widths from the output's own
//! terminal or none), and control characters shown rather than run.

use std::process::{Command, Stdio};

use crate::util::TestDir;

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
fn a_cell_wider_than_the_planned_rows_still_fits() {
    let t = TestDir::new();
    t.seeded();
    // The widths are planned from the first rows; row 1500 is wider than any.
    let sql = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000) \
               SELECT x, CASE WHEN x = 1500 THEN 'late words ' || replace(hex(zeroblob(20)), '00', 'wide ') ELSE 'a' END AS text FROM c";
    let out = table(&t, "60", sql);
    assert!(
        out.lines().all(|l| width(l) <= 60),
        "a line is wider than 60"
    );
    assert_eq!(
        out.matches("wide").count(),
        20,
        "every word of the late cell is shown"
    );
    assert_eq!(out.lines().filter(|l| l.starts_with('╞')).count(), 1);
}

#[test]
fn regression_text_under_a_column_empty_in_the_planned_rows_wraps_in_its_width() {
    let t = TestDir::new();
    t.seeded();
    // The first 1,000 rows leave `late` empty (as `date_end` of China's
    // facts); text comes after. It wraps; it does not push the border out.
    let sql = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1010) \
               SELECT x, 'some words for width' AS words, \
                      CASE WHEN x > 1000 THEN 'a late text, ' || x || ' wide' END AS late FROM c";
    let out = table(&t, "40", sql);
    assert!(
        out.lines().all(|l| width(l) <= 40),
        "a line is wider than 40:\n{}",
        out.lines().rev().take(12).collect::<Vec<_>>().join("\n")
    );
    for x in 1001..=1010 {
        assert!(out.contains(&x.to_string()), "{x} is shown");
    }
    assert_eq!(out.matches("late").count(), 11, "the header and ten cells");
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

#[test]
fn regression_a_table_written_to_a_file_is_not_laid_out_for_the_terminal() {
    let t = TestDir::new();
    t.seeded();
    let probe = t.path().join("probe");
    let can = Command::new("script")
        .args(["-qec", "true", probe.to_str().unwrap()])
        .stdin(Stdio::null())
        .output();
    if !can.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: script(1) cannot run a command on a terminal here");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_apsc");
    let sql = "SELECT id, quote FROM statements LIMIT 3";
    let typed = on_a_terminal(
        &t,
        &format!("'{bin}' sql '{sql}'; '{bin}' sql -o out.txt '{sql}'"),
    );
    let drawn: Vec<&str> = typed
        .lines()
        .filter(|l| l.starts_with(['┌', '│', '└']))
        .collect();
    assert!(!drawn.is_empty(), "{typed}");
    assert!(
        drawn.iter().all(|l| width(l.trim_end_matches('\r')) <= 50),
        "{typed}"
    );
    let file = std::fs::read_to_string(t.path().join("out.txt")).unwrap();
    let piped = t
        .apsc_with(&["sql", sql], |cmd| {
            cmd.env_remove("COLUMNS");
        })
        .success()
        .stdout();
    assert_eq!(
        file, piped,
        "a file is laid out as a pipe is, whatever the terminal"
    );
    assert!(file.lines().any(|l| width(l) > 50), "{file}");
}

#[test]
fn ids_that_grow_after_the_planned_rows_stay_whole_where_there_is_room() {
    // The widths are planned from the first 1,000 rows: `statement-1` to
    // `statement-1000`; later ids have more digits. With room to spare, the
    // plan leaves them some, and no id is broken over two lines.
    let t = TestDir::new();
    t.seeded();
    let sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
               SELECT 'statement-' || i AS fact_id, i * 7 AS figure, 'note ' || i AS note
                 FROM n";
    let out = table(&t, "80", sql);
    let rows: Vec<&str> = out.lines().filter(|l| l.starts_with("│ ")).collect();
    // The header, then one line per row: nothing wrapped.
    assert_eq!(rows.len(), 20_001, "{}", &out[out.len() - 400..]);
    assert!(
        rows.last().unwrap().contains("statement-20000"),
        "{out:.400}"
    );
    assert!(out.lines().all(|l| width(l) <= 80));
}

#[test]
fn short_columns_take_their_headroom_from_long_text_when_the_table_is_full() {
    // At 80 columns the names wrap; the ids of the first 1,000 rows are
    // shorter than those after, and must not be the ones to break.
    let t = TestDir::new();
    t.seeded();
    let sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
               SELECT CASE WHEN i <= 1000 THEN 'agreement-' || i ELSE 'statement-' || i END
                        AS fact_id,
                      'Memorandum of understanding ' || i || ' on emergency medical aid and '
                        || 'disaster relief in the region' AS name,
                      CASE WHEN i <= 1000 THEN 'disaster-relief' ELSE 'non-proliferation' END
                        AS area_id
                 FROM n";
    let out = table(&t, "80", sql);
    assert!(out.lines().all(|l| width(l) <= 80));
    let cells: Vec<Vec<&str>> = out
        .lines()
        .filter(|l| l.starts_with("│ "))
        .map(|l| l.trim_matches('│').split('┆').map(str::trim).collect())
        .collect();
    let ids: Vec<&str> = cells
        .iter()
        .map(|c| c[0])
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(ids.len(), 3001, "every id whole on its row");
    assert!(ids.contains(&"statement-3000"));
    assert!(cells.iter().all(|c| c[2].is_empty()
        || c[2].ends_with("-relief")
        || c[2] == "non-proliferation"
        || c[2] == "area_id"));
}
