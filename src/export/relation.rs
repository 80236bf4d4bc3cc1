//! What an export reads of a table or view: its notes, and its columns with
//! their Table Schema types.

use anyhow::Context;
use rusqlite::Connection;

use crate::db::catalog::{self, quoted};

/// What `column_notes` says of `relation` (under "") and of each of its
/// columns, as a JSON object.
pub fn notes(conn: &Connection, relation: &str) -> anyhow::Result<serde_json::Value> {
    let sql = "SELECT json_group_object(column_name, note) FROM column_notes WHERE table_name = ?1";
    let notes: String = (conn.query_row(sql, [relation], |r| r.get(0)))
        .with_context(|| format!("reading the notes of {relation}"))?;
    Ok(serde_json::from_str(&notes)?)
}

/// The Table Schema type (`integer`, `number`, `string`) SQLite's declared
/// type gives a column, if it gives one. `NUM` is not a declaration: it is
/// what SQLite reports for a view's column it only knows to be numeric (a
/// CAST to INTEGER in a UNION ALL), whose values then tell integer from
/// number.
fn declared_type(declared: &str) -> Option<usize> {
    let declared = declared.to_ascii_uppercase();
    let has = |words: &[&str]| words.iter().any(|w| declared.contains(w));
    match () {
        _ if declared == "NUM" => None,
        _ if has(&["INT"]) => Some(0),
        _ if has(&["CHAR", "TEXT", "CLOB"]) => Some(2),
        _ => has(&["REAL", "FLOA", "DOUB", "NUM"]).then_some(1),
    }
}

/// Each column of `relation` with its Table Schema type: a declared type
/// gives it, and a column without one (a view's computed column) takes the
/// type of the values it holds: integer if every value is an integer,
/// number if every value is a number, else string.
pub fn columns(conn: &Connection, relation: &str) -> rusqlite::Result<Vec<(String, &'static str)>> {
    let columns = catalog::columns(conn, relation)?;
    let widest: Vec<String> = columns
        .iter()
        .map(|c| {
            let value = quoted(&c.name);
            format!("max(CASE typeof({value}) WHEN 'real' THEN 1 WHEN 'text' THEN 2 WHEN 'blob' THEN 2 ELSE 0 END)")
        })
        .collect();
    let sql = format!("SELECT {} FROM {}", widest.join(", "), quoted(relation));
    let seen: Vec<Option<i64>> =
        conn.query_row(&sql, [], |r| (0..columns.len()).map(|i| r.get(i)).collect())?;
    let types = ["integer", "number", "string"];
    let columns = columns.into_iter().zip(seen);
    Ok(columns
        .map(|(c, seen)| {
            let widest = declared_type(&c.declared).unwrap_or(seen.unwrap_or(0) as usize);
            (c.name, types[widest])
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The columns of `v` as its rows type them.
    fn kinds_of(sql: &str) -> Vec<(String, &'static str)> {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(sql).unwrap();
        columns(&conn, "v").unwrap()
    }

    #[test]
    fn an_untyped_column_takes_the_kind_of_its_values() {
        let found = kinds_of(
            "CREATE TABLE t (n INTEGER, x REAL, s TEXT);
             INSERT INTO t VALUES (1, 1.5, 'a'), (2, NULL, '2'), (NULL, 3, NULL);
             CREATE VIEW v AS
             SELECT n, n + 0 AS ints, x + 0 AS nums, s || '' AS texts,
                    n + 0 AS with_nulls, CASE WHEN n = 1 THEN 2.5 ELSE n + 0 END AS mixed,
                    CASE WHEN n = 2 THEN s ELSE n + 0 END AS some_text
               FROM t;",
        );
        let want = [
            ("n", "integer"),
            ("ints", "integer"),
            ("nums", "number"),
            ("texts", "string"),
            ("with_nulls", "integer"),
            ("mixed", "number"),
            ("some_text", "string"),
        ];
        let want: Vec<(String, &str)> = want.iter().map(|(n, k)| (n.to_string(), *k)).collect();
        assert_eq!(found, want);
    }

    #[test]
    fn a_numeric_view_column_takes_the_kind_of_its_values() {
        let found = kinds_of(
            "CREATE TABLE t (n INTEGER);
             INSERT INTO t VALUES (1), (2);
             CREATE VIEW v AS SELECT * FROM (
               SELECT CAST(n AS INTEGER) AS a, CAST(n AS INTEGER) AS b FROM t
               UNION ALL SELECT CAST(n AS INTEGER), 2.5 FROM t);",
        );
        assert_eq!(
            found,
            vec![("a".to_string(), "integer"), ("b".to_string(), "number"),]
        );
    }

    #[test]
    fn a_declared_type_wins_over_the_values() {
        // SQLite lets a column declared INTEGER hold text; the declaration
        // is what the column promises, and what an export describes.
        let found = kinds_of(
            "CREATE TABLE v (n INTEGER, label VARCHAR(10), price DOUBLE);
             INSERT INTO v VALUES ('not a number', 3, 2);",
        );
        assert_eq!(
            found,
            vec![
                ("n".to_string(), "integer"),
                ("label".to_string(), "string"),
                ("price".to_string(), "number"),
            ]
        );
    }
}
