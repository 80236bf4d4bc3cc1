//! The comparative reports: partners by area (a column per area, named by
//! its id) and roles and forms by area (counts and shares), each agreeing
//! with facts_long, the tidy table they summarise.

use std::collections::HashMap;

use unicode_width::UnicodeWidthStr;

use crate::util::{TestDir, number};

#[test]
fn partner_areas_has_a_column_per_area_and_totals_in_order() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    let mut stmt = conn
        .prepare("SELECT id FROM areas ORDER BY section")
        .unwrap();
    let areas: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let (header, rows) = t.csv(&["report", "partner-areas"]);
    // One column per area, in the order of the sections, each named by a
    // word of the area's own id.
    assert_eq!(header.len(), areas.len() + 3);
    assert_eq!(
        (header[0].as_str(), &header[header.len() - 2..]),
        (
            "partner",
            &["total".to_string(), "statements".to_string()][..]
        )
    );
    for (column, area) in header[1..].iter().zip(&areas) {
        let word = column.trim_end_matches("prolif");
        assert!(area.replace('-', "").contains(word), "{column} for {area}");
    }
    assert_eq!(t.csv(&["report", "partner_areas"]), (header, rows.clone()));
    let mut last = i64::MAX;
    for row in &rows {
        let counts: Vec<i64> = row[1..].iter().map(|c| c.parse().unwrap()).collect();
        let (statements, counts) = counts.split_last().unwrap();
        let (total, by_area) = counts.split_last().unwrap();
        assert_eq!(by_area.iter().sum::<i64>(), *total, "{row:?}");
        assert!(*total <= last, "partners in the order of their totals");
        last = *total;
        let distinct: i64 = conn
            .query_row(
                "SELECT count(DISTINCT fact_type || '/' || fact_id) FROM facts_long
                  WHERE partner = ?1 AND is_engagement = 1",
                [&row[0]],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(distinct, *total, "{}", row[0]);
        let stated: i64 = conn
            .query_row(
                "SELECT count(*) FROM facts_long WHERE partner = ?1 AND fact_type = 'statement'",
                [&row[0]],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(stated, *statements, "{}", row[0]);
        for (area, count) in areas.iter().zip(by_area) {
            let n: i64 = conn
                .query_row(
                    "SELECT count(DISTINCT fact_type || '/' || fact_id) FROM facts_long
                      WHERE partner = ?1 AND area_id = ?2 AND is_engagement = 1",
                    [&row[0], area],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(n, *count, "{} in {area}", row[0]);
        }
    }
    let linked = number(
        &conn,
        "SELECT count(DISTINCT partner_id) FROM facts_long WHERE partner_id IS NOT NULL",
    );
    assert_eq!(rows.len() as i64, linked);
}

#[test]
fn roles_counts_every_fact_of_an_area_once_per_grouping() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    let (header, rows) = t.csv(&["report", "roles"]);
    assert_eq!(
        header,
        [
            "section",
            "area",
            "counted_by",
            "category",
            "facts",
            "share"
        ]
    );
    let mut sums: HashMap<(String, String), (i64, f64)> = HashMap::new();
    for row in &rows {
        let entry = sums.entry((row[1].clone(), row[2].clone())).or_default();
        entry.0 += row[4].parse::<i64>().unwrap();
        entry.1 += row[5].parse::<f64>().unwrap();
    }
    let areas = number(&conn, "SELECT count(*) FROM areas");
    assert_eq!(sums.len() as i64, 3 * areas);
    for ((area, by), (facts, share)) in sums {
        // Engagements by role and form; statements apart, by their form.
        let table = if by == "statement_form" {
            "= 'statements'"
        } else {
            "<> 'statements'"
        };
        let n: i64 = conn
            .query_row(
                &format!("SELECT count(*) FROM facts WHERE area_id = ?1 AND fact_table {table}"),
                [&area],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(facts, n, "{area} by {by}");
        if n > 0 {
            assert!(
                (share - 1.0).abs() < 0.01,
                "{area} by {by}: shares sum to {share}"
            );
        }
    }
    // China hosted the 13th ARF Inter-Sessional Meeting: a host in VI.2.
    let hosted = number(
        &conn,
        "SELECT facts FROM report_roles WHERE area = 'counter-terrorism'
            AND counted_by = 'role' AND category = 'host'",
    );
    assert!(hosted >= 1);
}

#[test]
fn both_fit_a_terminal_120_columns_wide_as_tables() {
    let t = TestDir::new();
    t.seeded();
    for report in ["roles", "partner-areas"] {
        let run = t
            .apsc_with(&["report", report], |c| {
                c.env("COLUMNS", "120");
            })
            .success();
        let out = run.stdout();
        assert!(
            out.starts_with('┌'),
            "{report}: a table, not records:\n{out}"
        );
        for line in out.lines() {
            assert!(line.width() <= 120, "{report}: {line}");
        }
    }
}
