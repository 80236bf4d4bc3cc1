//! What a check finds, and the helpers every check reads the database and
//! words its verdict with.

use anyhow::Context;
use rusqlite::Connection;

/// What one check found.
pub struct Verdict {
    pub(super) ok: bool,
    pub(super) detail: String,
}

/// How many offending rows a detail names before it says "and N more".
const SHOWN: usize = 5;

/// The first [`SHOWN`] items: "a; b; c; d; e; and 4 more".
pub(super) fn listing(items: &[String]) -> String {
    let mut text = items[..items.len().min(SHOWN)].join("; ");
    if items.len() > SHOWN {
        text.push_str(&format!("; and {} more", items.len() - SHOWN));
    }
    text
}

/// A verdict that lists what failed, or gives `ok_detail` when nothing did.
pub(super) fn verdict(failures: &[String], ok_detail: String) -> Verdict {
    let ok = failures.is_empty();
    let detail = if ok { ok_detail } else { listing(failures) };
    Verdict { ok, detail }
}

/// The first column of every row a query returns, as text; rows where it is
/// NULL (nothing wrong) are left out.
pub(super) fn strings(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    what: &str,
) -> anyhow::Result<Vec<String>> {
    let run = || -> rusqlite::Result<Vec<String>> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map(params, |row| row.get::<_, Option<String>>(0))?;
        rows.filter_map(Result::transpose).collect()
    };
    run().with_context(|| format!("reading {what}"))
}

/// One number a query returns.
pub(super) fn count(conn: &Connection, sql: &str, what: &str) -> anyhow::Result<i64> {
    conn.query_row(sql, [], |row| row.get(0))
        .with_context(|| format!("counting {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listings_say_how_many_more() {
        let items: Vec<String> = (1..=12).map(|i| i.to_string()).collect();
        assert_eq!(listing(&items[..3]), "1; 2; 3");
        assert_eq!(listing(&items[..SHOWN]), "1; 2; 3; 4; 5");
        assert_eq!(listing(&items), "1; 2; 3; 4; 5; and 7 more");
    }

    #[test]
    fn a_verdict_with_failures_is_not_ok() {
        let v = verdict(&["x".to_string()], "fine".to_string());
        assert!(!v.ok);
        assert_eq!(v.detail, "x");
        let v = verdict(&[], "fine".to_string());
        assert!(v.ok);
        assert_eq!(v.detail, "fine");
    }
}
