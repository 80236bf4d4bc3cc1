//! The common reports' width: the partners report one line per partner at 150
//! columns, the overview a table at 80.

use crate::util::TestDir;

#[test]
fn the_partners_report_is_one_line_per_partner_at_150_columns() {
    let t = TestDir::new();
    t.seeded();
    // With its identifiers the report is wider than 100 columns: there it
    // is records (tests/output/widths.rs); a wide terminal shows the table.
    let run = t.apsc_with(&["report", "partners"], |cmd| {
        cmd.env("COLUMNS", "150");
    });
    let table = run.success().stdout();
    let partners: i64 = t
        .conn()
        .query_row(
            "SELECT count(*) FROM partners WHERE is_subject = 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines.iter().all(|l| l.chars().count() <= 150), "{table}");
    // Every partner's name whole on one line: no name wraps.
    let conn = t.conn();
    let mut stmt = conn
        .prepare("SELECT name FROM partners WHERE is_subject = 0")
        .unwrap();
    let names: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(names.len() as i64, partners);
    for name in names {
        assert!(
            lines.iter().any(|l| l.contains(&format!("│ {name} "))),
            "{name} is not whole on one line"
        );
    }
}

#[test]
fn the_overview_is_a_table_at_80_columns() {
    let t = TestDir::new();
    t.seeded();
    let table = t
        .apsc_with(&["report", "overview"], |cmd| {
            cmd.env("COLUMNS", "80");
        })
        .success()
        .stdout();
    assert!(table.starts_with('┌'), "{table}");
    assert!(table.lines().all(|l| l.chars().count() <= 80), "{table}");
    assert!(table.contains("Cooperation in Non-Proliferation and Disarmament"));
}
