//! One serde struct per seed file, borrowing its fields from the CSV record.
//! Every field is text here, written as it is: the schema holds each to its
//! rules, and a bad value is reported with its file, line and column.

use serde::Deserialize;

/// A seed file's name and the columns its header must have (in any order).
pub trait SeedFile {
    const FILE: &'static str;
    const COLUMNS: &'static [&'static str];
}

/// A seed file's row struct, with its file name and its header's columns
/// taken from the struct's own fields, so the two cannot disagree.
/// A row either borrows its fields from the record (`Row<'a>`) or, when the
/// loader keeps it past its record, owns them.
macro_rules! seed_file {
    (
        $(#[$meta:meta])*
        $row:ident $(<$lt:lifetime>)?, $file:literal {
            $($(#[$field_meta:meta])* $field:ident: $type:ty,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Deserialize)]
        pub struct $row $(<$lt>)? {
            $($(#[$field_meta])* pub $field: $type,)*
        }
        impl $(<$lt>)? SeedFile for $row $(<$lt>)? {
            const FILE: &'static str = $file;
            const COLUMNS: &'static [&'static str] = &[$(stringify!($field)),*];
        }
        impl $(<$lt>)? $row $(<$lt>)? {
            /// Each column with its value, as the row is written.
            #[allow(dead_code)]
            pub fn values(&self) -> Vec<(&'static str, &dyn rusqlite::ToSql)> {
                vec![$((stringify!($field), &self.$field as &dyn rusqlite::ToSql)),*]
            }
        }
    };
}

seed_file! {
    DocumentRow, "documents.csv" {
        id: String,
        title: String,
        publisher: String,
        published: String,
        source_file: String,
        source_sha256: String,
        /// Where the document is published (http or https), or empty.
        url: Option<String>,
    }
}

seed_file! {
    /// In the source of `document_id`, every `find` becomes `replace_with`.
    CorrectionRow, "corrections.csv" {
        document_id: String,
        find: String,
        replace_with: String,
        reason: String,
    }
}

seed_file! {
    /// A whole line of the source that is not the paper's.
    OmissionRow, "omissions.csv" {
        document_id: String,
        line: String,
        reason: String,
    }
}

seed_file! {
    AreaRow<'a>, "areas.csv" {
        id: &'a str,
        section: &'a str,
        name: &'a str,
    }
}

seed_file! {
    PartnerRow<'a>, "partners.csv" {
        id: &'a str,
        name: &'a str,
        kind: &'a str,
        iso3: Option<&'a str>,
        is_subject: &'a str,
        iso_alpha2: Option<&'a str>,
        iso_numeric: Option<&'a str>,
        cow_code: Option<&'a str>,
        cow_abbrev: Option<&'a str>,
        m49_region_code: Option<&'a str>,
        m49_region: Option<&'a str>,
        m49_subregion_code: Option<&'a str>,
        m49_subregion: Option<&'a str>,
        wikidata: Option<&'a str>,
    }
}

seed_file! {
    AliasRow<'a>, "partner_aliases.csv" {
        alias: &'a str,
        partner_id: &'a str,
        note: Option<&'a str>,
    }
}

/// The header of meetings.csv: an event's, with the meeting's `theme`.
#[rustfmt::skip]
pub const MEETING_COLUMNS: &[&str] = &[
    "id", "name", "kind", "area_id", "china_role", "edition",
    "date_text", "date_edtf", "theme", "quote", "note", "unnamed_parties", "form", "form_note",
];

/// The header of exercises.csv and operations.csv.
#[rustfmt::skip]
pub const EVENT_COLUMNS: &[&str] = &[
    "id", "name", "kind", "area_id", "china_role", "edition",
    "date_text", "date_edtf", "quote", "note", "unnamed_parties", "form", "form_note",
];

/// The header of agreements.csv: an event's, without `edition`.
#[rustfmt::skip]
pub const AGREEMENT_COLUMNS: &[&str] = &[
    "id", "name", "kind", "area_id", "china_role",
    "date_text", "date_edtf", "quote", "note", "unnamed_parties", "form", "form_note",
];

/// The header of statements.csv.
#[rustfmt::skip]
pub const STATEMENT_COLUMNS: &[&str] = &[
    "id", "area_id", "kind", "topic",
    "date_text", "date_edtf", "quote", "note", "unnamed_parties", "form", "form_note",
];

/// How one fact file maps to its table, its vocabulary of kinds and its
/// partner links.
pub struct FactFile {
    pub table: &'static str,
    pub file: &'static str,
    pub columns: &'static [&'static str],
    pub kind_domain: &'static str,
    pub link_file: &'static str,
    pub link_table: &'static str,
    pub link_column: &'static str,
}

impl FactFile {
    /// The header of this fact's link file.
    pub fn link_columns(&self) -> [&'static str; 4] {
        [self.link_column, "partner_id", "role", "note"]
    }
}

/// A fact file's spec from its table, the singular its other names are
/// made from, and its header.
macro_rules! fact_file {
    ($table:literal, $one:literal, $columns:expr) => {
        FactFile {
            table: $table,
            file: concat!($table, ".csv"),
            columns: $columns,
            kind_domain: concat!($one, "_kind"),
            link_file: concat!($one, "_partners.csv"),
            link_table: concat!($one, "_partners"),
            link_column: concat!($one, "_id"),
        }
    };
}

/// The fact files, in the order they load.
pub const FACT_FILES: [FactFile; 5] = [
    fact_file!("meetings", "meeting", MEETING_COLUMNS),
    fact_file!("exercises", "exercise", EVENT_COLUMNS),
    fact_file!("agreements", "agreement", AGREEMENT_COLUMNS),
    fact_file!("operations", "operation", EVENT_COLUMNS),
    fact_file!("statements", "statement", STATEMENT_COLUMNS),
];

/// Columns a seed file may leave out: what a seed of another text may not
/// have (identifiers from outside the text; a note only where one is due).
#[rustfmt::skip]
pub const OPTIONAL_COLUMNS: &[&str] = &[
    "form_note", "iso_alpha2", "iso_numeric", "cow_code", "cow_abbrev", "m49_region_code",
    "m49_region", "m49_subregion_code", "m49_subregion", "wikidata",
];

/// Files a seed directory may leave out: memberships from outside the text,
/// and dates inferred from paragraph frames.
pub const OPTIONAL_FILES: &[&str] = &["memberships.csv", "context_dates.csv"];

/// Every CSV file a seed directory may have, in the order they load.
#[rustfmt::skip]
pub const SEED_FILES: &[&str] = &[
    "documents.csv", "corrections.csv", "omissions.csv", "areas.csv", "partners.csv",
    "partner_aliases.csv", "meetings.csv", "meeting_partners.csv", "exercises.csv",
    "exercise_partners.csv", "agreements.csv", "agreement_partners.csv", "operations.csv",
    "operation_partners.csv", "statements.csv", "statement_partners.csv", "figures.csv",
    "mention_waivers.csv", "memberships.csv", "context_dates.csv",
];

/// A row of any of the five fact files; the columns a file lacks stay empty
/// (its header was checked: those are the columns it has no place for).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FactRow<'a> {
    pub id: &'a str,
    pub name: Option<&'a str>,
    pub topic: Option<&'a str>,
    pub kind: &'a str,
    pub area_id: &'a str,
    pub china_role: Option<&'a str>,
    pub edition: Option<&'a str>,
    pub date_text: Option<&'a str>,
    pub date_edtf: Option<&'a str>,
    pub theme: Option<&'a str>,
    pub quote: &'a str,
    pub note: Option<&'a str>,
    /// Groups the quote names without naming their members, `; `-separated.
    pub unnamed_parties: Option<&'a str>,
    /// The form coded from the sentence, and why where it departs from the links.
    pub form: &'a str,
    pub form_note: Option<&'a str>,
}

impl<'a> FactRow<'a> {
    /// The text of a column of the fact files, as it is written (the schema
    /// takes `edition` for a number).
    pub fn text(&self, column: &str) -> Option<&'a str> {
        match column {
            "id" => Some(self.id),
            "name" => self.name,
            "topic" => self.topic,
            "kind" => Some(self.kind),
            "area_id" => Some(self.area_id),
            "china_role" => self.china_role,
            "edition" => self.edition,
            "date_text" => self.date_text,
            "date_edtf" => self.date_edtf,
            "theme" => self.theme,
            "quote" => Some(self.quote),
            "note" => self.note,
            "unnamed_parties" => self.unnamed_parties,
            "form" => Some(self.form),
            "form_note" => self.form_note,
            other => unreachable!("no text column {other} in a fact file"),
        }
    }
}

/// A row of any of the five `<fact>_partners` files.
#[derive(Debug, Deserialize)]
pub struct LinkRow<'a> {
    #[serde(alias = "meeting_id", alias = "exercise_id", alias = "agreement_id")]
    #[serde(alias = "operation_id", alias = "statement_id")]
    pub fact_id: &'a str,
    /// A partner id or any of its aliases.
    pub partner_id: &'a str,
    pub role: &'a str,
    /// Why the link is what it is, for curators.
    pub note: Option<&'a str>,
}

seed_file! {
    FigureRow<'a>, "figures.csv" {
        id: &'a str,
        fact_table: Option<&'a str>,
        fact_id: Option<&'a str>,
        metric: &'a str,
        value: &'a str,
        value_text: &'a str,
        unit: &'a str,
        qualifier: Option<&'a str>,
        quote: &'a str,
        note: Option<&'a str>,
        /// Another figure that states the same amount (in another currency).
        same_as: Option<&'a str>,
    }
}

seed_file! {
/// A mention of a partner in a fact's quote that is rightly not a link: the
/// fact, the name as the quote writes it, and why.
    MentionWaiverRow<'a>, "mention_waivers.csv" {
        fact_table: &'a str,
        fact_id: &'a str,
        name: &'a str,
        reason: &'a str,
    }
}

seed_file! {
    /// A member of an organisation or forum partner on the paper's date.
    MembershipRow<'a>, "memberships.csv" {
        organization_id: &'a str,
        member: &'a str,
        member_name: &'a str,
        member_kind: &'a str,
        since: Option<&'a str>,
        note: Option<&'a str>,
    }
}

seed_file! {
    /// A date a fact takes from the sentence framing its paragraph.
    ContextDateRow<'a>, "context_dates.csv" {
        fact_table: &'a str,
        fact_id: &'a str,
        date_edtf: &'a str,
        basis: &'a str,
        frame: &'a str,
        note: Option<&'a str>,
    }
}
