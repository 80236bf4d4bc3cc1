//! V10: `facts_long` read table by table, and `fact_forms`, one row per fact
//! with China's role group and the form of the engagement.
//!
//! V7's `facts_long` joined the `facts` and `fact_partners` views, each a
//! UNION ALL of five tables: SQLite copied every fact (its quote with it)
//! into a temporary table, indexed it, and counted each fact's partners
//! several times over. The view is now five selects, one per fact table,
//! each joining the table to its own passages, area and link table through
//! their keys, with the form counted once per fact; the rows and their order
//! are V7's.
//!
//! `fact_forms` gives the same role group and form one row per fact, for
//! counting facts without their partners (`report roles` counts from it).
//!
//! The SQL is generated here so that the rules for the role group and the
//! form are written once. This file's output must never change: refinery
//! keeps a checksum of it.

/// A fact table: its name, the fact type (singular), its name column, and
/// whether it has `edition` and `china_role`.
struct Table {
    table: &'static str,
    fact_type: &'static str,
    name: &'static str,
    edition: bool,
    china_role: bool,
}

const TABLES: [Table; 5] = [
    Table { table: "meetings", fact_type: "meeting", name: "name", edition: true, china_role: true },
    Table { table: "exercises", fact_type: "exercise", name: "name", edition: true, china_role: true },
    Table { table: "agreements", fact_type: "agreement", name: "name", edition: false, china_role: true },
    Table { table: "operations", fact_type: "operation", name: "name", edition: true, china_role: true },
    Table { table: "statements", fact_type: "statement", name: "topic", edition: false, china_role: false },
];

impl Table {
    fn china_role(&self) -> &'static str {
        if self.china_role { "f.china_role" } else { "NULL" }
    }

    /// host (host or co-host), participant or other.
    fn role_group(&self) -> String {
        let role = self.china_role();
        format!(
            "CASE WHEN {role} IN ('host', 'co-host') THEN 'host'\n            \
             WHEN {role} = 'participant' THEN 'participant'\n            \
             ELSE 'other' END"
        )
    }

    /// V7's rule, counted once: unilateral with no partner and no unnamed
    /// party; bilateral with one country; trilateral with two; multilateral
    /// otherwise (more countries, or any organisation, forum or unnamed group).
    fn form(&self) -> String {
        let link = self.fact_type;
        format!(
            "(SELECT CASE WHEN count(*) = 0 AND f.unnamed_parties IS NULL THEN 'unilateral'\n                    \
             WHEN f.unnamed_parties IS NOT NULL OR sum(x.kind <> 'country') > 0\n                         \
             OR count(*) > 2 THEN 'multilateral'\n                    \
             WHEN count(*) = 1 THEN 'bilateral'\n                    \
             ELSE 'trilateral' END\n          \
             FROM {link}_partners k JOIN partners x ON x.id = k.partner_id\n         \
             WHERE k.{link}_id = f.id)"
        )
    }

    /// One table's rows of `facts_long`; the first select names the columns.
    fn long(&self, first: bool) -> String {
        let named = |expr: String, name: &str| {
            if first { format!("{expr} AS {name}") } else { expr }
        };
        let edition = if self.edition { "CAST(f.edition AS INTEGER)" } else { "NULL" };
        let link = self.fact_type;
        [
            format!("SELECT {}", named(format!("'{}'", self.fact_type), "fact_type")),
            named("f.id".into(), "fact_id"),
            named(format!("f.{}", self.name), "name"),
            "f.kind".into(),
            named(edition.into(), "edition"),
            "f.area_id".into(),
            named("a.name".into(), "area"),
            "p.section".into(),
            named("CAST(p.ordinal AS INTEGER)".into(), "paragraph"),
            named(
                "CAST((SELECT s.ordinal FROM sentences s\n              \
                 WHERE s.passage_id = f.passage_id\n                \
                 AND s.start_offset <= f.quote_start AND f.quote_start < s.end_offset)\n            \
                 AS INTEGER)"
                    .into(),
                "sentence",
            ),
            named(self.china_role().into(), "china_role"),
            named(self.role_group(), "china_role_group"),
            "f.date_text".into(),
            "f.date_edtf".into(),
            "f.date_start".into(),
            "f.date_end".into(),
            "l.partner_id".into(),
            named("q.name".into(), "partner"),
            named("q.kind".into(), "partner_kind"),
            "q.iso3".into(),
            named("l.role".into(), "partner_role"),
            named(self.form(), "form"),
            "f.unnamed_parties".into(),
            "f.quote".into(),
            named("p.id".into(), "passage_order"),
            format!(
                "{}\n  FROM {} f\n  CROSS JOIN passages p ON p.id = f.passage_id\n  \
                 JOIN areas a ON a.id = f.area_id\n  \
                 LEFT JOIN {link}_partners l ON l.{link}_id = f.id\n  \
                 LEFT JOIN partners q ON q.id = l.partner_id",
                named("f.quote_start".into(), "quote_order"),
                self.table
            ),
        ]
        .join(",\n       ")
    }

    /// One table's rows of `fact_forms`.
    fn forms(&self, first: bool) -> String {
        let named = |expr: String, name: &str| {
            if first { format!("{expr} AS {name}") } else { expr }
        };
        [
            format!("SELECT {}", named(format!("'{}'", self.fact_type), "fact_type")),
            named("f.id".into(), "fact_id"),
            "f.area_id".into(),
            named(self.china_role().into(), "china_role"),
            named(self.role_group(), "china_role_group"),
            format!("{}\n  FROM {} f", named(self.form(), "form"), self.table),
        ]
        .join(",\n       ")
    }
}

/// The columns of `facts_long`, V7's, in V7's order.
const LONG_COLUMNS: &str = "fact_type, fact_id, name, kind, edition, area_id, area, section, \
    paragraph, sentence, china_role, china_role_group, date_text, date_edtf, date_start, \
    date_end, partner_id, partner, partner_kind, iso3, partner_role, form, unnamed_parties, quote";

pub fn migration() -> String {
    let each = |f: fn(&Table, bool) -> String| {
        TABLES
            .iter()
            .enumerate()
            .map(|(i, t)| f(t, i == 0))
            .collect::<Vec<_>>()
            .join("\nUNION ALL\n")
    };
    format!(
        "DROP VIEW facts_long;\n\n\
         CREATE VIEW facts_long AS\n\
         SELECT {LONG_COLUMNS}\n  FROM (\n{}\n)\n \
         ORDER BY passage_order, quote_order, fact_type, fact_id, partner;\n\n\
         CREATE VIEW fact_forms AS\n{};\n",
        each(Table::long),
        each(Table::forms),
    )
}
