//! The tables a load writes, each with the columns its rows give, in order:
//! the one description that each INSERT statement, and the number of values
//! each row must carry, derive from.

use super::super::rows::FACT_FILES;

/// Where a fact's or a figure's quote stands in the text.
const QUOTE_COLUMNS: [&str; 3] = ["passage_id", "quote_start", "quote_end"];

/// A table the loader inserts rows into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Documents,
    Corrections,
    Omissions,
    Passages,
    Sentences,
    Areas,
    Partners,
    PartnerAliases,
    Figures,
    MentionWaivers,
    SeedFiles,
    /// The fact table of `FACT_FILES[i]`.
    Fact(usize),
    /// The partner-link table of `FACT_FILES[i]`.
    Link(usize),
}

/// The tables with fixed columns: name and columns.
const FIXED: [(Table, &str, &[&str]); 11] = [
    (
        Table::Documents,
        "documents",
        &[
            "id",
            "title",
            "publisher",
            "published",
            "source_file",
            "source_text",
            "text",
            "source_sha256",
            "url",
        ],
    ),
    (
        Table::Corrections,
        "corrections",
        &[
            "document_id",
            "find",
            "replace_with",
            "reason",
            "occurrences",
        ],
    ),
    (
        Table::Omissions,
        "omissions",
        &["document_id", "line", "reason"],
    ),
    (
        Table::Passages,
        "passages",
        &[
            "id",
            "document_id",
            "section",
            "heading",
            "ordinal",
            "text",
            "start_offset",
            "end_offset",
        ],
    ),
    (
        Table::Sentences,
        "sentences",
        &[
            "id",
            "passage_id",
            "ordinal",
            "text",
            "start_offset",
            "end_offset",
        ],
    ),
    (Table::Areas, "areas", &["id", "section", "name"]),
    (
        Table::Partners,
        "partners",
        &["id", "name", "kind", "iso3", "is_subject"],
    ),
    (
        Table::PartnerAliases,
        "partner_aliases",
        &["alias", "partner_id", "note"],
    ),
    (
        Table::Figures,
        "figures",
        &[
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
            "note",
            "same_as",
        ],
    ),
    (
        Table::MentionWaivers,
        "mention_waivers",
        &["fact_table", "fact_id", "name", "reason"],
    ),
    (Table::SeedFiles, "seed_files", &["name", "sha256", "rows"]),
];

impl Table {
    /// Every table, in the order of [`Table::index`].
    pub fn all() -> impl Iterator<Item = Table> {
        let facts = 0..FACT_FILES.len();
        FIXED
            .iter()
            .map(|(table, _, _)| *table)
            .chain(facts.clone().map(Table::Fact))
            .chain(facts.map(Table::Link))
    }

    /// The position of this table's statement among all of them.
    pub fn index(self) -> usize {
        match self {
            Table::Fact(i) => FIXED.len() + i,
            Table::Link(i) => FIXED.len() + FACT_FILES.len() + i,
            fixed => FIXED
                .iter()
                .position(|(table, _, _)| *table == fixed)
                .expect("every fixed table is in FIXED"),
        }
    }

    fn fixed(self) -> Option<&'static (Table, &'static str, &'static [&'static str])> {
        FIXED.iter().find(|(table, _, _)| *table == self)
    }

    pub fn name(self) -> &'static str {
        match self {
            Table::Fact(i) => FACT_FILES[i].table,
            Table::Link(i) => FACT_FILES[i].link_table,
            fixed => fixed.fixed().map_or("", |(_, name, _)| name),
        }
    }

    /// The columns a row gives, in order: a fact file's own columns, then
    /// where its quote stands.
    pub fn columns(self) -> Vec<&'static str> {
        match self {
            Table::Fact(i) => FACT_FILES[i]
                .columns
                .iter()
                .copied()
                .chain(QUOTE_COLUMNS)
                .collect(),
            Table::Link(i) => FACT_FILES[i].link_columns().to_vec(),
            fixed => fixed.fixed().map_or(Vec::new(), |(_, _, c)| c.to_vec()),
        }
    }

    /// How many values a row gives (without building the column list).
    pub fn arity(self) -> usize {
        match self {
            Table::Fact(i) => FACT_FILES[i].columns.len() + QUOTE_COLUMNS.len(),
            Table::Link(i) => FACT_FILES[i].link_columns().len(),
            fixed => fixed.fixed().map_or(0, |(_, _, c)| c.len()),
        }
    }

    /// The INSERT for a row: one numbered place per value the row gives,
    /// except that the schema derives `date_start` and `date_end` from
    /// `date_edtf`, so their values are bound but not written.
    pub fn insert_sql(self) -> String {
        let (columns, places): (Vec<&str>, Vec<String>) = self
            .columns()
            .into_iter()
            .enumerate()
            .filter(|(_, column)| !matches!(*column, "date_start" | "date_end"))
            .map(|(i, column)| (column, format!("?{}", i + 1)))
            .unzip();
        format!(
            "INSERT INTO {} ({}) VALUES ({})",
            self.name(),
            columns.join(", "),
            places.join(", ")
        )
    }
}

/// Every INSERT statement, by [`Table::index`].
pub fn statements() -> Vec<String> {
    Table::all().map(Table::insert_sql).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_table_has_its_statement_at_its_index_with_one_place_per_column() {
        let statements = statements();
        assert_eq!(statements.len(), FIXED.len() + 2 * FACT_FILES.len());
        for table in Table::all() {
            let sql = &statements[table.index()];
            assert!(
                sql.starts_with(&format!("INSERT INTO {} (", table.name())),
                "{sql}"
            );
            let derived = if matches!(table, Table::Fact(_)) {
                2
            } else {
                0
            };
            assert_eq!(sql.matches('?').count() + derived, table.arity(), "{sql}");
            assert_eq!(table.columns().len(), table.arity(), "{table:?}");
        }
        assert_eq!(
            statements[Table::Link(0).index()],
            "INSERT INTO meeting_partners (meeting_id, partner_id, role, note) VALUES (?1, ?2, ?3, ?4)"
        );
    }
}
