//! V5: each fact's date in EDTF, curators' notes, meeting themes, a partner
//! role for an organisation's member states, and waivers of mentions.
//!
//! `date_edtf` holds the date the text gives in the Extended Date/Time Format
//! (ISO 8601-2, level 1) forms apsc uses: a single date (`2015`, `2015-10`,
//! `2016-05-01`, optionally qualified `?` uncertain, `~` approximate, `%`
//! both) or an interval `start/end`, whose end is `..` when it is open. Its
//! CHECK holds it to those forms and to the bounds: the date (or the
//! interval's start) is `date_start`, the interval's end `date_end` or, when
//! open, no `date_end` at all; a fact without `date_start` has no `date_edtf`.
//!
//! SQLite tests an added column's CHECK against the rows already there, and a
//! dated row's new column would be NULL; so each fact table is rebuilt (as V3
//! rebuilt it, with V3's own templates) and its rows copied with `date_edtf`
//! filled mechanically: `date_start/date_end` for a range, `date_start/..`
//! when `date_text` begins "Since", `date_start` otherwise. The partner links
//! refer to the facts with ON DELETE CASCADE, so they are set aside first and
//! come back, with their `note` column, once the facts are in place.
//!
//! The SQL is generated here so that the CHECK is written once, as a
//! template. This file's output must never change: refinery keeps a checksum
//! of it.

use super::V3__one_vocabulary::{
    FACTS, Fact, LINKS, Shape, fact_body, fact_columns, term, term_triggers,
};

/// The EDTF qualifiers: uncertain, approximate, both.
const QUALIFIERS: [&str; 3] = ["?", "~", "%"];

/// `value` is `date`, alone or followed by one qualifier. Written with IS, so
/// that it is true or false, never NULL (a NULL CHECK passes).
fn qualified(value: &str, date: &str) -> String {
    let mut forms = vec![format!("{value} IS {date}")];
    for q in QUALIFIERS {
        forms.push(format!("{value} IS ({date} || '{q}')"));
    }
    format!("({})", forms.join(" OR "))
}

/// The CHECK of `date_edtf`: one of the forms, agreeing with the bounds, and
/// no NUL inside (length() stops at a NUL, the byte length does not).
fn edtf_check() -> String {
    let start = "substr(date_edtf, 1, instr(date_edtf, '/') - 1)";
    let end = "substr(date_edtf, instr(date_edtf, '/') + 1)";
    format!(
        "CHECK ((date_edtf IS NULL AND date_start IS NULL)\n        \
         OR (date_edtf IS NOT NULL AND date_start IS NOT NULL\n            \
         AND length(CAST(date_edtf AS BLOB)) = length(date_edtf)\n            \
         AND CASE WHEN instr(date_edtf, '/') = 0\n                \
         THEN date_end IS NULL AND {}\n                \
         ELSE {}\n                    \
         AND (({end} IS '..' AND date_end IS NULL)\n                        \
         OR (date_end IS NOT NULL AND {}))\n            \
         END))",
        qualified("date_edtf", "date_start"),
        qualified(start, "date_start"),
        qualified(end, "date_end"),
    )
}

/// The value an existing row's `date_edtf` is filled with.
const FILL: &str = "CASE WHEN date_start IS NULL THEN NULL \
     WHEN date_end IS NOT NULL THEN date_start || '/' || date_end \
     WHEN lower(substr(date_text, 1, 6)) = 'since ' THEN date_start || '/..' \
     ELSE date_start END";

/// A fact table's columns: V3's, with `date_edtf` (and a meeting's `theme`)
/// after `date_text`, and `note` last.
fn columns(fact: &Fact) -> Vec<(&'static str, String)> {
    let mut columns = Vec::new();
    for (name, definition) in fact_columns(fact) {
        columns.push((name, definition));
        if name == "date_text" {
            columns.push(("date_edtf", format!("TEXT {}", edtf_check())));
            if fact.table == "meetings" {
                let check = "CHECK (theme IS NULL OR theme <> '')";
                columns.push(("theme", format!("TEXT {check}")));
            }
        }
    }
    columns.push(("note", "TEXT".to_string()));
    columns
}

/// Rebuild a fact table with its new columns, filling `date_edtf`.
fn fact_table(sql: &mut String, fact: &Fact) {
    let table = fact.table;
    let columns = columns(fact);
    let old: Vec<&str> = fact_columns(fact).iter().map(|(name, _)| *name).collect();
    let old = old.join(", ");
    sql.push_str(&format!(
        "CREATE TABLE new_{table} (\n{}\n);\n\
         INSERT INTO new_{table} ({old}, date_edtf)\n    SELECT {old}, {FILL} FROM {table};\n\
         DROP TABLE {table};\n\
         ALTER TABLE new_{table} RENAME TO {table};\n\
         CREATE INDEX {table}_passage ON {table} (passage_id);\n",
        fact_body(&columns)
    ));
    term_triggers(sql, table, "kind", fact.kinds);
    if fact.shape != Shape::Statement {
        term_triggers(sql, table, "china_role", "china_roles");
    }
}

/// Put a link table back, with its `note` column, and its rows.
fn link_table(sql: &mut String, (table, key, parent): (&str, &str, &str)) {
    sql.push_str(&format!(
        "CREATE TABLE {table} (\n    \
         {key} TEXT NOT NULL REFERENCES {parent} (id) ON DELETE CASCADE,\n    \
         partner_id TEXT NOT NULL REFERENCES partners (id),\n    \
         role       {},\n    \
         note       TEXT,\n    \
         PRIMARY KEY ({key}, partner_id)\n) WITHOUT ROWID;\n\
         INSERT INTO {table} ({key}, partner_id, role) SELECT {key}, partner_id, role FROM keep_{table};\n\
         DROP TABLE keep_{table};\n\
         CREATE INDEX {table}_partner ON {table} (partner_id);\n",
        term("partner_roles", false),
    ));
    term_triggers(sql, table, "role", "partner_roles");
}

/// The views over all facts and all links, with the new columns.
fn views(sql: &mut String) {
    let facts: Vec<String> = FACTS
        .iter()
        .map(|fact| {
            let (name, role) = match fact.shape {
                Shape::Statement => ("topic", "NULL"),
                _ => ("name", "china_role"),
            };
            let theme = if fact.table == "meetings" {
                "theme"
            } else {
                "NULL"
            };
            format!(
                "    SELECT '{0}', id, {name}, kind, area_id, {role}, date_start, date_end, date_text, date_edtf, {theme},\n           \
                 quote, passage_id, quote_start, quote_end, note FROM {0}",
                fact.table
            )
        })
        .collect();
    sql.push_str(&format!(
        "DROP VIEW facts;\n\
         CREATE VIEW facts (fact_table, fact_id, name, kind, area_id, china_role, date_start, date_end, date_text,\n                   \
         date_edtf, theme, quote, passage_id, quote_start, quote_end, note) AS\n{};\n",
        facts.join("\n    UNION ALL\n")
    ));
    let links: Vec<String> = LINKS
        .iter()
        .map(|(table, key, parent)| {
            format!("    SELECT '{parent}', {key}, partner_id, role, note FROM {table}")
        })
        .collect();
    sql.push_str(&format!(
        "DROP VIEW fact_partners;\n\
         CREATE VIEW fact_partners (fact_table, fact_id, partner_id, role, note) AS\n{};\n",
        links.join("\n    UNION ALL\n")
    ));
}

/// Mentions of a partner in a fact's quote that are rightly left unlinked,
/// each with why; `apsc check` reports every other unlinked mention.
fn mention_waivers(sql: &mut String) {
    sql.push_str(&format!(
        "CREATE TABLE mention_waivers (\n    \
         fact_table {},\n    \
         fact_id    TEXT NOT NULL CHECK (fact_id <> ''),\n    \
         name       TEXT NOT NULL CHECK (name <> ''),\n    \
         reason     TEXT NOT NULL CHECK (reason <> ''),\n    \
         PRIMARY KEY (fact_table, fact_id, name)\n);\n",
        term("fact_tables", false),
    ));
    term_triggers(sql, "mention_waivers", "fact_table", "fact_tables");
}

pub fn migration() -> String {
    let mut sql = String::from(
        "PRAGMA legacy_alter_table = ON;\n\
         INSERT INTO partner_roles (term, meaning) VALUES ('member-states', \
         'the member states of an organisation, which the text names as a group \
         (''China and other SCO member states'', ''the ASEAN countries''), coded as the organisation');\n",
    );
    for (table, _, _) in LINKS {
        sql.push_str(&format!(
            "CREATE TEMP TABLE keep_{table} AS SELECT * FROM {table};\nDROP TABLE {table};\n"
        ));
    }
    for fact in &FACTS {
        fact_table(&mut sql, fact);
    }
    for link in LINKS {
        link_table(&mut sql, link);
    }
    sql.push_str("ALTER TABLE figures ADD COLUMN note TEXT;\n");
    mention_waivers(&mut sql);
    views(&mut sql);
    sql.push_str("PRAGMA legacy_alter_table = OFF;\n");
    sql
}
