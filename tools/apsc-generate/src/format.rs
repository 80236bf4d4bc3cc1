//! The seed format the generator writes: each file's name and header, the
//! kinds of each fact file, and the months' names dates are written with.
//! apsc's own tests load generated seeds with full validation, so a change
//! to the format there that is not made here fails them.

/// A seed file's name and the columns of its header.
pub trait SeedFile {
    const FILE: &'static str;
    const COLUMNS: &'static [&'static str];
}

macro_rules! seed_files {
    ($($row:ident $file:literal [$($column:literal),*];)*) => {$(
        pub struct $row;
        impl SeedFile for $row {
            const FILE: &'static str = $file;
            const COLUMNS: &'static [&'static str] = &[$($column),*];
        }
    )*};
}

#[rustfmt::skip]
seed_files! {
    DocumentRow "documents.csv" [
        "id", "title", "publisher", "published", "source_file", "source_sha256", "url"
    ];
    CorrectionRow "corrections.csv" ["document_id", "find", "replace_with", "reason"];
    OmissionRow "omissions.csv" ["document_id", "line", "reason"];
    AreaRow "areas.csv" ["id", "section", "name"];
    PartnerRow "partners.csv" ["id", "name", "kind", "iso3", "is_subject"];
    AliasRow "partner_aliases.csv" ["alias", "partner_id", "note"];
    FigureRow "figures.csv" [
        "id", "fact_table", "fact_id", "metric", "value", "value_text", "unit", "qualifier",
        "quote", "note", "same_as"
    ];
    MentionWaiverRow "mention_waivers.csv" ["fact_table", "fact_id", "name", "reason"];
}

/// The columns of an event's file: a meeting's, without its `theme`.
#[rustfmt::skip]
const EVENT: &[&str] = &[
    "id", "name", "kind", "area_id", "china_role", "edition",
    "date_text", "date_edtf", "quote", "note", "unnamed_parties", "form",
];

/// One fact file: its table, file, header and kinds, and its partner links.
pub struct FactFile {
    pub table: &'static str,
    pub file: &'static str,
    pub columns: &'static [&'static str],
    pub kinds: &'static [&'static str],
    pub link_file: &'static str,
    pub link_column: &'static str,
}

impl FactFile {
    pub fn link_columns(&self) -> [&'static str; 4] {
        [self.link_column, "partner_id", "role", "note"]
    }
}

#[rustfmt::skip]
pub const FACT_FILES: [FactFile; 5] = [
    FactFile {
        table: "meetings",
        file: "meetings.csv",
        columns: &[
            "id", "name", "kind", "area_id", "china_role", "edition", "date_text", "date_edtf",
            "theme", "quote", "note", "unnamed_parties", "form",
        ],
        kinds: &[
            "meeting", "ministerial-meeting", "high-level-meeting", "conference", "forum",
            "dialogue", "consultation", "working-group", "expert-group", "training-course",
        ],
        link_file: "meeting_partners.csv",
        link_column: "meeting_id",
    },
    FactFile {
        table: "exercises",
        file: "exercises.csv",
        columns: EVENT,
        kinds: &["exercise", "drill", "tabletop-exercise", "multitask-exercise"],
        link_file: "exercise_partners.csv",
        link_column: "exercise_id",
    },
    FactFile {
        table: "agreements",
        file: "agreements.csv",
        columns: &[
            "id", "name", "kind", "area_id", "china_role", "date_text", "date_edtf", "quote",
            "note", "unnamed_parties", "form",
        ],
        kinds: &[
            "treaty", "convention", "agreement", "memorandum", "mechanism", "code-of-conduct",
        ],
        link_file: "agreement_partners.csv",
        link_column: "agreement_id",
    },
    FactFile {
        table: "operations",
        file: "operations.csv",
        columns: EVENT,
        kinds: &[
            "relief", "rescue", "search", "escort", "joint-operation", "joint-action",
            "law-enforcement", "expedition", "project", "exchanges", "capacity-building",
            "funding",
        ],
        link_file: "operation_partners.csv",
        link_column: "operation_id",
    },
    FactFile {
        table: "statements",
        file: "statements.csv",
        columns: &[
            "id", "area_id", "kind", "topic", "date_text", "date_edtf", "quote", "note",
            "unnamed_parties", "form",
        ],
        kinds: &["position", "commitment", "call", "assessment", "summary", "context"],
        link_file: "statement_partners.csv",
        link_column: "statement_id",
    },
];

/// The months' English names, as the text writes dates.
#[rustfmt::skip]
pub const MONTHS: [&str; 12] = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
];
