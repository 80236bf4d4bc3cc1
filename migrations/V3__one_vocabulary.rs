//! V3: each vocabulary in one place, and plain column names for corrections.
//!
//! V1 wrote every controlled term twice or more: once in the `vocabulary`
//! table and again in a CHECK on each column that holds it (China's roles on
//! four tables, partners' roles on five). Here each vocabulary becomes a term
//! table (`china_roles`, `partner_roles`, `meeting_kinds`, ...) holding each
//! term once with its meaning; `vocabulary` becomes a view over them all; and
//! every column that holds a term refers to its table with a foreign key,
//! which tools that enforce keys (apsc, DB Browser) check, and with a pair of
//! triggers, which every tool runs, foreign keys on or not.
//!
//! Adding a reference to a column takes SQLite's table rebuild (create the
//! new table, copy, drop the old, rename). Dropping a table that others refer
//! to deletes its rows first, cascading into the children; so the children's
//! rows are set aside in temporary tables and the children emptied before
//! their parents are rebuilt, and restored after, when every key they hold
//! has its row again: the keys hold at every step, with foreign keys on.
//! `legacy_alter_table` lets the rename leave the views (the report views
//! among them) as they are: they name tables, and the tables keep their names.
//!
//! The SQL is generated here so that each CHECK and trigger is written once,
//! as a template, though SQLite needs a copy per column. This file's output
//! must never change: refinery keeps a checksum of it. Later migrations that
//! rebuild these tables use the same templates (`pub(super)`), so that a
//! rebuilt table keeps its constraints word for word.

/// Each vocabulary: its domain (as the `vocabulary` view names it) and its
/// term table.
const VOCABULARIES: [(&str, &str); 10] = [
    ("partner_kind", "partner_kinds"),
    ("china_role", "china_roles"),
    ("partner_role", "partner_roles"),
    ("meeting_kind", "meeting_kinds"),
    ("exercise_kind", "exercise_kinds"),
    ("agreement_kind", "agreement_kinds"),
    ("operation_kind", "operation_kinds"),
    ("statement_kind", "statement_kinds"),
    ("fact_table", "fact_tables"),
    ("figure_qualifier", "figure_qualifiers"),
];

/// A fact table: its name, its kinds' term table, whether it has a name (not
/// a topic), China's role and an edition.
pub(super) struct Fact {
    pub(super) table: &'static str,
    pub(super) kinds: &'static str,
    pub(super) shape: Shape,
}

#[derive(PartialEq)]
pub(super) enum Shape {
    Event,
    Agreement,
    Statement,
}

pub(super) const FACTS: [Fact; 5] = [
    Fact {
        table: "meetings",
        kinds: "meeting_kinds",
        shape: Shape::Event,
    },
    Fact {
        table: "exercises",
        kinds: "exercise_kinds",
        shape: Shape::Event,
    },
    Fact {
        table: "agreements",
        kinds: "agreement_kinds",
        shape: Shape::Agreement,
    },
    Fact {
        table: "operations",
        kinds: "operation_kinds",
        shape: Shape::Event,
    },
    Fact {
        table: "statements",
        kinds: "statement_kinds",
        shape: Shape::Statement,
    },
];

/// The partner-link table of each fact table, and its key column.
pub(super) const LINKS: [(&str, &str, &str); 5] = [
    ("meeting_partners", "meeting_id", "meetings"),
    ("exercise_partners", "exercise_id", "exercises"),
    ("agreement_partners", "agreement_id", "agreements"),
    ("operation_partners", "operation_id", "operations"),
    ("statement_partners", "statement_id", "statements"),
];

/// A slug id: lower-case letters, digits and hyphens, and no NUL inside
/// (length() stops at a NUL, the byte length does not).
pub(super) fn id_check(column: &str) -> String {
    format!(
        "CHECK ({column} <> '' AND {column} NOT GLOB '*[^a-z0-9-]*' \
         AND length(CAST({column} AS BLOB)) = length({column}))"
    )
}

/// A date with the precision the text gives: '2015', '2015-10' or '2016-05-01'.
pub(super) fn date_check(column: &str) -> String {
    format!(
        "CHECK ({column} IS NULL \
         OR (length({column}) = 4 AND date({column} || '-01-01') IS {column} || '-01-01') \
         OR (length({column}) = 7 AND date({column} || '-01') IS {column} || '-01') \
         OR (length({column}) = 10 AND date({column}) IS {column}))"
    )
}

/// The type of a column that holds a term of `terms`.
pub(super) fn term(terms: &str, nullable: bool) -> String {
    let null = if nullable { "" } else { " NOT NULL" };
    format!("TEXT{null} REFERENCES {terms} (term)")
}

/// The triggers that refuse a value of `table.column` that is not a term of
/// `terms`, on insert and on update, whether foreign keys are enforced or not.
pub(super) fn term_triggers(sql: &mut String, table: &str, column: &str, terms: &str) {
    for (event, when) in [
        ("insert", "INSERT"),
        ("update", &format!("UPDATE OF {column}") as &str),
    ] {
        sql.push_str(&format!(
            "CREATE TRIGGER {table}_{column}_{event} BEFORE {when} ON {table}\n\
             WHEN NEW.{column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {terms} WHERE term = NEW.{column})\n\
             BEGIN\n    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: {table}.{column} is not a term of {terms} (the vocabulary view lists them)');\nEND;\n"
        ));
    }
}

/// Replace `table` by one created with `body`, keeping its rows.
fn rebuild(sql: &mut String, table: &str, body: &str, columns: &[&str]) {
    let columns = columns.join(", ");
    sql.push_str(&format!(
        "CREATE TABLE new_{table} (\n{body}\n);\n\
         INSERT INTO new_{table} ({columns}) SELECT {columns} FROM {table};\n\
         DROP TABLE {table};\n\
         ALTER TABLE new_{table} RENAME TO {table};\n"
    ));
}

/// The term tables, filled from V1's vocabulary table, which becomes a view.
fn term_tables(sql: &mut String) {
    let mut view = Vec::new();
    for (domain, table) in VOCABULARIES {
        sql.push_str(&format!(
            "CREATE TABLE {table} (\n    term    TEXT PRIMARY KEY NOT NULL CHECK (term <> ''),\n    \
             meaning TEXT NOT NULL CHECK (meaning <> '')\n);\n\
             INSERT INTO {table} (term, meaning)\n    \
             SELECT term, meaning FROM vocabulary WHERE domain = '{domain}' ORDER BY rowid;\n"
        ));
        view.push(format!("    SELECT '{domain}', term, meaning FROM {table}"));
    }
    sql.push_str("DROP TABLE vocabulary;\n");
    sql.push_str(
        "-- Every controlled term, with what it means: one row per term of each term table.\n",
    );
    sql.push_str("CREATE VIEW vocabulary (domain, term, meaning) AS\n");
    sql.push_str(&view.join("\n    UNION ALL\n"));
    sql.push_str(";\n");
}

fn partners(sql: &mut String) {
    let body = format!(
        "    id         TEXT PRIMARY KEY {},\n    \
         name       TEXT NOT NULL UNIQUE CHECK (name <> ''),\n    \
         kind       {},\n    \
         iso3       TEXT UNIQUE CHECK (\n        \
             (kind = 'country' AND length(iso3) = 3 AND iso3 NOT GLOB '*[^A-Z]*'\n            \
             AND length(CAST(iso3 AS BLOB)) = 3)\n        \
             OR (kind <> 'country' AND iso3 IS NULL)),\n    \
         is_subject INTEGER NOT NULL DEFAULT 0 CHECK (is_subject IN (0, 1))",
        id_check("id"),
        term("partner_kinds", false),
    );
    rebuild(
        sql,
        "partners",
        &body,
        &["id", "name", "kind", "iso3", "is_subject"],
    );
    sql.push_str(
        "CREATE UNIQUE INDEX partners_one_subject ON partners (is_subject) WHERE is_subject = 1;\n",
    );
}

/// A fact table's columns, in V1's order, with their definitions.
pub(super) fn fact_columns(fact: &Fact) -> Vec<(&'static str, String)> {
    let event = fact.shape != Shape::Statement;
    let mut columns = vec![("id", format!("TEXT PRIMARY KEY {}", id_check("id")))];
    if event {
        columns.push(("name", "TEXT NOT NULL CHECK (name <> '')".to_string()));
        columns.push(("kind", term(fact.kinds, false)));
        columns.push(("area_id", "TEXT NOT NULL REFERENCES areas (id)".to_string()));
        columns.push(("china_role", term("china_roles", false)));
    } else {
        columns.push(("area_id", "TEXT NOT NULL REFERENCES areas (id)".to_string()));
        columns.push(("kind", term(fact.kinds, false)));
        columns.push(("topic", "TEXT NOT NULL CHECK (topic <> '')".to_string()));
    }
    if fact.shape == Shape::Event {
        columns.push((
            "edition",
            "INTEGER CHECK (edition IS NULL OR (typeof(edition) = 'integer' AND edition >= 1))"
                .to_string(),
        ));
    }
    columns.push(("date_start", format!("TEXT {}", date_check("date_start"))));
    columns.push(("date_end", format!("TEXT {}", date_check("date_end"))));
    columns.push(("date_text", "TEXT".to_string()));
    columns.push(("quote", "TEXT NOT NULL CHECK (quote <> '')".to_string()));
    columns.push((
        "passage_id",
        "INTEGER NOT NULL REFERENCES passages (id)".to_string(),
    ));
    columns.push((
        "quote_start",
        "INTEGER NOT NULL CHECK (quote_start >= 0)".to_string(),
    ));
    columns.push((
        "quote_end",
        "INTEGER NOT NULL CHECK (quote_end > quote_start)".to_string(),
    ));
    columns
}

/// A fact table's body: its columns, then the CHECKs that tie its dates together.
pub(super) fn fact_body(columns: &[(&str, String)]) -> String {
    let mut body: Vec<String> = columns
        .iter()
        .map(|(name, definition)| format!("    {name:<11} {definition}"))
        .collect();
    body.push(
        "    CHECK (date_end IS NULL OR (date_start IS NOT NULL AND\n        \
         substr(date_end, 1, min(length(date_end), length(date_start)))\n            \
         >= substr(date_start, 1, min(length(date_end), length(date_start)))))"
            .to_string(),
    );
    body.push("    CHECK ((date_start IS NULL) = (date_text IS NULL))".to_string());
    body.join(",\n")
}

fn fact_table(sql: &mut String, fact: &Fact) {
    let columns = fact_columns(fact);
    let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
    rebuild(sql, fact.table, &fact_body(&columns), &names);
    sql.push_str(&format!(
        "CREATE INDEX {0}_passage ON {0} (passage_id);\n",
        fact.table
    ));
}

fn figures(sql: &mut String) {
    let body = format!(
        "    id          TEXT PRIMARY KEY {},\n    \
         fact_table  {},\n    \
         fact_id     TEXT,\n    \
         metric      TEXT NOT NULL CHECK (metric <> ''),\n    \
         value       NUMERIC NOT NULL CHECK (typeof(value) IN ('integer', 'real')),\n    \
         value_text  TEXT NOT NULL CHECK (value_text <> ''),\n    \
         unit        TEXT NOT NULL CHECK (unit <> ''),\n    \
         qualifier   {},\n    \
         quote       TEXT NOT NULL CHECK (quote <> ''),\n    \
         passage_id  INTEGER NOT NULL REFERENCES passages (id),\n    \
         quote_start INTEGER NOT NULL CHECK (quote_start >= 0),\n    \
         quote_end   INTEGER NOT NULL CHECK (quote_end > quote_start),\n    \
         CHECK ((fact_table IS NULL) = (fact_id IS NULL))",
        id_check("id"),
        term("fact_tables", true),
        term("figure_qualifiers", true),
    );
    let columns = [
        "id",
        "fact_table",
        "fact_id",
        "metric",
        "value",
        "value_text",
        "unit",
        "qualifier",
        "quote",
        "passage_id",
        "quote_start",
        "quote_end",
    ];
    rebuild(sql, "figures", &body, &columns);
    sql.push_str("CREATE INDEX figures_fact ON figures (fact_table, fact_id);\n");
    sql.push_str("CREATE INDEX figures_passage ON figures (passage_id);\n");
    // figures.fact_id names a row of one of five tables, so it cannot be a
    // declared foreign key: triggers hold it to the same rule.
    let cases: Vec<String> = FACTS
        .iter()
        .map(|f| {
            format!(
                "    WHEN '{0}' THEN EXISTS (SELECT 1 FROM {0} WHERE id = NEW.fact_id)",
                f.table
            )
        })
        .collect();
    for (event, when) in [
        ("insert", "INSERT"),
        ("update", "UPDATE OF fact_table, fact_id"),
    ] {
        sql.push_str(&format!(
            "CREATE TRIGGER figures_fact_{event} BEFORE {when} ON figures\n\
             WHEN NEW.fact_table IS NOT NULL AND NOT CASE NEW.fact_table\n{}\n    ELSE 0 END\n\
             BEGIN\n    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: figures.fact_id names no row of figures.fact_table');\nEND;\n",
            cases.join("\n")
        ));
    }
}

fn link_table(sql: &mut String, (table, key, parent): (&str, &str, &str)) {
    sql.push_str(&format!(
        "CREATE TABLE {table} (\n    \
         {key} TEXT NOT NULL REFERENCES {parent} (id) ON DELETE CASCADE,\n    \
         partner_id TEXT NOT NULL REFERENCES partners (id),\n    \
         role       {},\n    \
         PRIMARY KEY ({key}, partner_id)\n) WITHOUT ROWID;\n\
         INSERT INTO {table} ({key}, partner_id, role) SELECT {key}, partner_id, role FROM keep_{table};\n\
         DROP TABLE keep_{table};\n\
         CREATE INDEX {table}_partner ON {table} (partner_id);\n",
        term("partner_roles", false),
    ));
}

pub fn migration() -> String {
    let mut sql = String::from(
        "ALTER TABLE corrections RENAME COLUMN \"from\" TO find;\n\
         ALTER TABLE corrections RENAME COLUMN \"to\" TO replace_with;\n\
         PRAGMA legacy_alter_table = ON;\n",
    );
    term_tables(&mut sql);
    // Set the children's rows aside, so that no parent is dropped while a
    // row refers to it.
    for (table, _, _) in LINKS {
        sql.push_str(&format!(
            "CREATE TEMP TABLE keep_{table} AS SELECT * FROM {table};\nDROP TABLE {table};\n"
        ));
    }
    sql.push_str(
        "CREATE TEMP TABLE keep_partner_aliases AS SELECT * FROM partner_aliases;\n\
         DELETE FROM partner_aliases;\n",
    );
    partners(&mut sql);
    for fact in &FACTS {
        fact_table(&mut sql, fact);
    }
    figures(&mut sql);
    for link in LINKS {
        link_table(&mut sql, link);
    }
    sql.push_str(
        "INSERT INTO partner_aliases (alias, partner_id, note)\n    \
         SELECT alias, partner_id, note FROM keep_partner_aliases;\n\
         DROP TABLE keep_partner_aliases;\n",
    );
    term_triggers(&mut sql, "partners", "kind", "partner_kinds");
    for fact in &FACTS {
        term_triggers(&mut sql, fact.table, "kind", fact.kinds);
        if fact.shape != Shape::Statement {
            term_triggers(&mut sql, fact.table, "china_role", "china_roles");
        }
    }
    for (table, _, _) in LINKS {
        term_triggers(&mut sql, table, "role", "partner_roles");
    }
    term_triggers(&mut sql, "figures", "fact_table", "fact_tables");
    term_triggers(&mut sql, "figures", "qualifier", "figure_qualifiers");
    sql.push_str("PRAGMA legacy_alter_table = OFF;\n");
    sql
}
