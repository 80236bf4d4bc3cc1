//! Tables at the widths people read them at (80, 100 and 120 columns): no
//! word is ever broken while a column has room to give, empty and short
//! columns shrink first, ids stay whole, and where text would still have to
//! break words the rows are printed one record per block.

use std::collections::HashSet;

use crate::util::TestDir;

/// `apsc ARGS` drawn at `columns` wide.
fn drawn(t: &TestDir, args: &[&str], columns: usize) -> String {
    t.apsc_with(args, |cmd| {
        cmd.env("COLUMNS", columns.to_string());
    })
    .success()
    .stdout()
}

/// The pieces of broken words in what `args` draws at each of `widths`:
/// every token of the drawing that is not a whole word of the same rows in
/// CSV (a header may break after its `_` or `-`, a value never), with the
/// width it was drawn at. Also checks that no line is wider than that.
fn broken_words(t: &TestDir, args: &[&str], widths: &[usize]) -> Vec<String> {
    let csv = t
        .apsc(&[args, &["--format", "csv"]].concat())
        .success()
        .stdout();
    let mut words = HashSet::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.as_bytes());
    for (i, record) in reader.records().enumerate() {
        for word in record.unwrap().iter().flat_map(str::split_whitespace) {
            words.insert(word.to_string());
            // The drawing is split at brackets too (a record's "─[ 1 ]").
            words.insert(word.trim_matches(['[', ']']).to_string());
            if i == 0 {
                words.extend(word.split_inclusive(['_', '-']).map(String::from));
            }
        }
    }
    let mut broken = Vec::new();
    for &columns in widths {
        let out = drawn(t, args, columns);
        for line in out.lines() {
            assert!(
                line.chars().count() <= columns,
                "{args:?} at {columns}: {line}"
            );
        }
        // A partner's card comes first, with fields of its own: the rows after it.
        let rows = match out.split_once("\n\n") {
            Some((_card, rows)) if args[0] == "show" => rows,
            _ => &out,
        };
        let tokens = rows.split(|c: char| c.is_whitespace() || "│┆┌┐└┘┬┴╞╡╪═─[]»«".contains(c));
        broken.extend(
            tokens
                .filter(|t| !t.is_empty() && !t.chars().all(|c| c.is_ascii_digit()))
                .filter(|t| !words.contains(*t))
                .map(|t| format!("{args:?} at {columns}: {t}")),
        );
    }
    broken
}

#[test]
fn show_rok_at_100_columns_breaks_neither_counterpart_nor_an_id() {
    let t = TestDir::new();
    t.seeded();
    let broken = broken_words(&t, &["show", "ROK"], &[100]);
    assert!(broken.is_empty(), "{broken:?}");
    let out = drawn(&t, &["show", "ROK"], 100);
    assert!(out.contains(" counterpart"), "{out}");
    assert!(out.contains(" meetings/ct-consultation-rok"), "{out}");
}

#[test]
fn apsc_reports_at_80_columns_is_records_not_a_narrow_description() {
    let t = TestDir::new();
    t.seeded();
    let out = drawn(&t, &["reports"], 80);
    assert!(out.starts_with("─[ 1 ]"), "{out}");
    // Each description reads in lines the width of the terminal.
    let widest = out
        .lines()
        .filter(|l| l.starts_with("            │ ") || l.starts_with("description │"))
        .map(|l| l.chars().count())
        .max()
        .unwrap();
    assert!(widest > 70, "{out}");
    // Compact: no more lines than the fields and the descriptions would
    // take wrapped at 50 characters, far narrower than the records are.
    let (header, rows) = t.csv(&["reports"]);
    let description = header.iter().position(|h| h == "description").unwrap();
    let most: usize = (rows.iter())
        .map(|r| 1 + header.len() + r[description].chars().count().div_ceil(50))
        .sum();
    assert!(
        out.lines().count() < most,
        "{} lines, {most} at most",
        out.lines().count()
    );
    // No word broken: with every report, below.
}

#[test]
fn empty_and_short_columns_shrink_before_a_word_breaks() {
    let t = TestDir::new();
    t.seeded();
    // show ROK's shape: an id, a role, a name and four empty dates. At 100
    // columns the empty headers wrap (`date_` / `start`) so that the role
    // and the id stay whole in a table.
    let sql = "SELECT 'meetings/ct-consultation-rok' AS fact, 'counterpart' AS role, \
               'Bilateral anti-terrorism consultations with the ROK' AS name, \
               NULL AS date_text, NULL AS date_edtf, NULL AS date_start, NULL AS date_end";
    let out = drawn(&t, &["sql", sql], 100);
    assert!(out.starts_with('┌'), "a table:\n{out}");
    assert!(
        out.contains("│ meetings/ct-consultation-rok ┆ counterpart ┆"),
        "{out}"
    );
    assert!(out.contains("┆ date_ ┆"), "{out}");
    assert!(out.lines().all(|l| l.chars().count() <= 100), "{out}");
    // At 80 not even that fits: one record per block.
    assert!(drawn(&t, &["sql", sql], 80).starts_with("─[ 1 ]"));
}

#[test]
fn a_table_is_laid_out_from_all_its_rows() {
    // The widest id comes last, after many narrower rows: still whole, and
    // the table within its width.
    let t = TestDir::new();
    t.seeded();
    let sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500)
               SELECT CASE WHEN i < 1500 THEN 'fact-' || i ELSE 'statement-' || (i * 1000) END
                        AS fact_id,
                      'Memorandum of understanding ' || i || ' on emergency medical aid' AS name
                 FROM n";
    let out = drawn(&t, &["sql", sql], 60);
    assert!(out.lines().all(|l| l.chars().count() <= 60), "{out:.400}");
    assert!(
        out.contains("│ statement-1500000 ┆"),
        "{}",
        &out[out.len() - 400..]
    );
}

#[test]
fn every_report_reports_show_and_check_break_no_word_at_80_100_120_columns() {
    let t = TestDir::new();
    t.seeded();
    let (_, reports) = t.csv(&["reports"]);
    let mut commands: Vec<Vec<String>> = reports
        .iter()
        .map(|r| {
            let mut args = vec!["report".to_string(), r[0].clone()];
            if r[0] == "partner" {
                args.extend(["--param".to_string(), "name=ROK".to_string()]);
            }
            args
        })
        .collect();
    for args in [
        &["reports"][..],
        &["check"],
        &["show", "china"],
        &["show", "safe-mekong-joint-operation-2"],
    ] {
        commands.push(args.iter().map(|a| a.to_string()).collect());
    }
    let broken: Vec<String> = std::thread::scope(|scope| {
        let runs: Vec<_> = commands
            .iter()
            .map(|args| {
                let t = &t;
                scope.spawn(move || {
                    let args: Vec<&str> = args.iter().map(String::as_str).collect();
                    broken_words(t, &args, &[80, 100, 120])
                })
            })
            .collect();
        runs.into_iter().flat_map(|r| r.join().unwrap()).collect()
    });
    assert!(broken.is_empty(), "{broken:#?}");
}
