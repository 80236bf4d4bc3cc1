//! Progress lines: drawn on a terminal (a pseudo-terminal through `script`),
//! never written to a pipe or a file. The delay before a line appears is set
//! to nothing, so that the short commands of a test would show one.

use std::fs;
use std::process::Command;

use crate::util::{TestDir, WAIT_FOR_GO, on_a_terminal_cued, require_tool};

const NO_DELAY: (&str, &str) = ("APSC_PROGRESS_DELAY_MS", "0");

/// The commands that show progress, as the tests run them.
const COMMANDS: &[&[&str]] = &[
    &["seed", "--from", "generated"],
    &["check"],
    &["export", "out"],
    &["export", "--xlsx", "book.xlsx"],
    &["export", "--graph", "net.graphml"],
    &["export", "--graph", "net.json", "--graph-form", "projected"],
    &["html", "-o", "page.html"],
    &["schema"],
    &["codebook", "-o", "codebook.md"],
    &["report", "partners"],
    &["sql", "SELECT * FROM report_facts", "-o", "facts.csv"],
];

#[test]
fn progress_never_reaches_a_stderr_that_is_not_a_terminal() {
    let t = TestDir::new();
    t.seeded();
    // Small: whether a line is drawn is decided when a command starts.
    let options = apsc_generate::Options {
        facts: 100,
        seed: 1,
    };
    apsc_generate::generate(&t.path().join("generated"), &options).unwrap();
    // The seed first; then the rest at once, each writing its own file.
    let check = |args: &[&str]| {
        let run = t.apsc_with(args, |cmd| {
            cmd.env(NO_DELAY.0, NO_DELAY.1);
        });
        assert_eq!(run.code(), 0, "{}", run.describe());
        // At most the one closing line some commands write (`html`'s count).
        let err = run.stderr();
        assert!(
            err.is_empty() || (err.lines().count() == 1 && err.starts_with("apsc: ")),
            "stderr is a pipe\n{}",
            run.describe()
        );
    };
    check(COMMANDS[0]);
    std::thread::scope(|scope| {
        for args in &COMMANDS[1..] {
            scope.spawn(|| check(args));
        }
    });
}

#[test]
fn progress_is_drawn_on_a_terminal() {
    if !require_tool("script") {
        return;
    }
    let t = TestDir::new();
    t.seeded();
    let apsc = env!("CARGO_BIN_EXE_apsc");
    let db = t.db();
    // Each command, what its progress line says, and what it prints after.
    let cases = [
        ("check", "checks done", "integrity"),
        ("html -o page.html", "steps done", "wrote page.html"),
        ("schema", "tables and views counted", "report_partners"),
        ("codebook -o codebook.md", "reading the database", ""),
        ("sql 'SELECT * FROM facts' -o facts.csv", "rows read", ""),
        ("report partners", "running the query", "Japan"),
        ("show china", "running the query", "names"),
    ];
    // `script` runs a command line on a pseudo-terminal and copies what it
    // draws to its own stdout and to the typescript file.
    let on_terminal = |args: &str| -> String {
        let line = format!("{apsc} --db {} {args}", db.display());
        let typescript = t.path().join("typescript");
        let output = Command::new("script")
            .args(["-q", "-e", "-c", &line])
            .arg(&typescript)
            .env(NO_DELAY.0, NO_DELAY.1)
            .current_dir(t.path())
            .output()
            .expect("running script");
        assert!(output.status.success(), "{args}: {output:?}");
        fs::read_to_string(&typescript).unwrap()
    };
    for (args, says, then) in cases {
        let drawn = on_terminal(args);
        assert!(
            drawn.contains(says),
            "{args}: no progress line on the terminal:\n{drawn}"
        );
        // The line is cleared before the output is printed.
        assert!(drawn.contains(then), "{args}: {drawn}");
    }
    // Rows piped into another program draw no line: the reader (`less`)
    // may be drawing on the same terminal.
    let drawn = on_terminal("report partners | cat");
    assert!(drawn.contains("Japan"), "{drawn}");
    assert!(!drawn.contains("running the query"), "{drawn}");
}

#[test]
fn on_a_terminal_rows_that_came_before_a_stall_are_shown_or_counted() {
    if !require_tool("script") {
        return;
    }
    let apsc = env!("CARGO_BIN_EXE_apsc");
    // Three rows at once, then a search for a fourth that never comes.
    let stalls = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) \
                  SELECT x * 111 AS x FROM c WHERE x < 4 OR x > 1e15";
    // Each format on a terminal of its own, all at once.
    let on_terminal = |format: &str, cue: &str| -> String {
        let t = TestDir::new();
        t.seeded();
        // MARK is written once the terminal shows `cue`: if the query is
        // still running then (it says "cut short" after MARK), what came
        // before MARK was on the terminal while the query ran.
        let line = format!(
            "{}={} '{apsc}' --db '{}' sql --timeout 0.3 --format {format} \"{stalls}\" & \
             {WAIT_FOR_GO}; echo MARK; wait",
            NO_DELAY.0,
            NO_DELAY.1,
            t.db().display()
        );
        on_a_terminal_cued(&t, &line, Some(cue)).expect("script draws on a terminal")
    };
    // A data format is shown a line at a time, as stdio shows it; a table
    // plans its widths from all its rows: meanwhile the progress line
    // counts them.
    let formats = [
        ("csv", "333"),
        ("jsonl", "333"),
        ("markdown", "333"),
        ("table", "3 rows read"),
    ];
    let drawn: Vec<String> = std::thread::scope(|scope| {
        let runs: Vec<_> = formats
            .iter()
            .map(|(format, cue)| scope.spawn(|| on_terminal(format, cue)))
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    });
    for ((format, _), drawn) in formats.iter().zip(&drawn) {
        let at = |needle: &str| {
            drawn
                .find(needle)
                .unwrap_or_else(|| panic!("{format}: no {needle:?} in {drawn}"))
        };
        let (mark, cut) = (at("MARK\r"), at("cut short"));
        assert!(mark < cut, "{format}: the query had ended:\n{drawn}");
        let row = at("333");
        if *format == "table" {
            // The table closes on the rows when the query stops.
            assert!(at("3 rows read") < mark && mark < row, "{drawn}");
        } else {
            assert!(
                row < mark,
                "{format}: the rows waited for the query:\n{drawn}"
            );
        }
    }
}

#[test]
fn an_interrupt_on_a_terminal_clears_the_progress_line_and_says_what_was_not_written() {
    if !require_tool("script") {
        return;
    }
    let t = TestDir::new();
    t.seeded();
    let apsc = env!("CARGO_BIN_EXE_apsc");
    let endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n";
    // The interrupt comes once the progress line is on the terminal.
    let line = format!(
        "{}={} '{apsc}' --db '{}' sql --timeout 0 --format csv -o out.csv \"{endless}\" & \
         {WAIT_FOR_GO}; kill -INT $!; wait $!; echo \"exit $?\"",
        NO_DELAY.0,
        NO_DELAY.1,
        t.db().display()
    );
    let drawn =
        on_a_terminal_cued(&t, &line, Some("rows read")).expect("script draws on a terminal");
    // The progress line was drawn, then cleared before the message.
    let counted = drawn.find("rows read").unwrap_or_else(|| panic!("{drawn}"));
    let said = drawn
        .find("\r\x1b[2Kapsc: interrupted; nothing written to out.csv\r\n")
        .unwrap_or_else(|| panic!("{drawn:?}"));
    assert!(counted < said, "{drawn:?}");
    assert!(drawn.contains("exit 130"), "{drawn:?}");
    assert!(!t.path().join("out.csv").exists());
}
