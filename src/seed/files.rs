//! The seed's CSV files: which there are, in the order they load, and how
//! the five fact files name their tables, kinds and partner links. Each file
//! fills the table of its name, and its columns are that table's: the
//! schema says which there are and which may be empty.

/// Every CSV file a seed directory may have, in the order they load.
#[rustfmt::skip]
pub const SEED_FILES: &[&str] = &[
    "documents.csv", "corrections.csv", "omissions.csv", "areas.csv", "partners.csv",
    "partner_aliases.csv", "meetings.csv", "meeting_partners.csv", "exercises.csv",
    "exercise_partners.csv", "agreements.csv", "agreement_partners.csv", "operations.csv",
    "operation_partners.csv", "statements.csv", "statement_partners.csv", "figures.csv",
    "mention_waivers.csv", "memberships.csv", "context_dates.csv",
];

/// The tables a seed fills, in the order it fills them: each CSV file's,
/// and the passages and sentences of the text.
pub fn seed_tables() -> impl Iterator<Item = &'static str> {
    let files = SEED_FILES.iter().map(|file| file.trim_end_matches(".csv"));
    files.chain(["passages", "sentences"])
}

/// Files a seed directory may leave out: memberships from outside the text,
/// and dates inferred from paragraph frames.
pub const OPTIONAL_FILES: &[&str] = &["memberships.csv", "context_dates.csv"];

/// Columns a seed file may leave out: what a seed of another text may not
/// have (identifiers from outside the text; a note only where one is due).
#[rustfmt::skip]
pub const OPTIONAL_COLUMNS: &[&str] = &[
    "form_note", "iso_alpha2", "iso_numeric", "cow_code", "cow_abbrev", "m49_region_code",
    "m49_region", "m49_subregion_code", "m49_subregion", "wikidata",
];

/// Columns of the seed's tables that the loader fills, never a file: the
/// text and its restoration, and where each quote stands in it.
#[rustfmt::skip]
pub const DERIVED_COLUMNS: &[&str] = &[
    "source_text", "text", "occurrences", "passage_id", "quote_start", "quote_end",
    "frame_start", "frame_end",
];

/// How one fact file maps to its table, its vocabulary of kinds and its
/// partner links.
pub struct FactFile {
    pub table: &'static str,
    pub file: &'static str,
    pub kind_domain: &'static str,
    pub link_file: &'static str,
    pub link_column: &'static str,
}

/// A fact file's spec from its table and the singular its other names are
/// made from.
macro_rules! fact_file {
    ($table:literal, $one:literal) => {
        FactFile {
            table: $table,
            file: concat!($table, ".csv"),
            kind_domain: concat!($one, "_kind"),
            link_file: concat!($one, "_partners.csv"),
            link_column: concat!($one, "_id"),
        }
    };
}

/// The fact files, in the order they load.
pub const FACT_FILES: [FactFile; 5] = [
    fact_file!("meetings", "meeting"),
    fact_file!("exercises", "exercise"),
    fact_file!("agreements", "agreement"),
    fact_file!("operations", "operation"),
    fact_file!("statements", "statement"),
];
