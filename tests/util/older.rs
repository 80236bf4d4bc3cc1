//! A copy of a database as an older apsc left it, for upgrade tests.

use std::path::Path;

use rusqlite::Connection;

use super::tables;

/// A database at schema `version` holding the rows of `seeded` (a database
/// of this apsc), as an older apsc left it: every table the migrations leave
/// empty gets the columns it has at that version (V3 renamed two of
/// corrections'), but the links in a role the older apsc did not know; the
/// full-text index is rebuilt and the report views written.
pub fn older_copy_of(seeded: &Path, path: &Path, version: i32) -> Connection {
    let mut conn = Connection::open(path).unwrap();
    apsc::db::runner()
        .set_grouped(true)
        .set_target(refinery::Target::Version(version))
        .run(&mut conn)
        .unwrap();
    conn.pragma_update(None, "foreign_keys", false).unwrap();
    conn.execute("ATTACH ?1 AS seeded", [seeded.to_str().unwrap()])
        .unwrap();
    let empty = |table: &String| {
        let sql = format!("SELECT count(*) FROM main.\"{table}\"");
        conn.query_row(&sql, [], |r| r.get::<_, i64>(0)).unwrap() == 0
    };
    // Figures last: a trigger checks that each names a fact.
    let mut copied: Vec<String> = tables(&conn).into_iter().filter(empty).collect();
    copied.sort_by_key(|table| table == "figures");
    for table in copied {
        let mut stmt = conn
            .prepare("SELECT name FROM pragma_table_info(?1, 'main')")
            .unwrap();
        let columns: Vec<String> = stmt
            .query_map([&table], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let quoted = |names: Vec<&str>| {
            let names: Vec<String> = names.iter().map(|c| format!("\"{c}\"")).collect();
            names.join(", ")
        };
        let sources = columns.iter().map(|c| match c.as_str() {
            "from" => "find",
            "to" => "replace_with",
            other => other,
        });
        // Links in a role the older apsc did not know are left behind.
        let known = match (columns.iter().any(|c| c == "role"), version >= 3) {
            (false, _) => "",
            (true, true) => " WHERE role IN (SELECT term FROM main.partner_roles)",
            (true, false) => {
                " WHERE role IN (SELECT term FROM main.vocabulary WHERE domain = 'partner_role')"
            }
        };
        let sql = format!(
            "INSERT INTO main.{table} ({}) SELECT {} FROM seeded.{table}{known}",
            quoted(columns.iter().map(String::as_str).collect()),
            quoted(sources.collect()),
        );
        conn.execute(&sql, [])
            .unwrap_or_else(|e| panic!("copying {table}: {e}"));
    }
    conn.execute("DETACH seeded", []).unwrap();
    conn.execute(
        "INSERT INTO passages_fts (passages_fts) VALUES ('rebuild')",
        [],
    )
    .unwrap();
    // This binary's report views need the newest schema; an older file's
    // views were its own apsc's, and are rewritten after an upgrade.
    if i64::from(version) == apsc::db::latest_version() {
        apsc::reports::install(&conn).unwrap();
    } else if version >= 2 {
        conn.execute_batch("DELETE FROM report_parameters; DELETE FROM reports;")
            .unwrap();
    }
    conn.pragma_update(None, "foreign_keys", true).unwrap();
    conn
}
