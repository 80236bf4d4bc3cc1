//! Dates, in one place. A fact's date is the text's words (`date_text`: "In
//! October 2015", "Since 2015") and the same date in EDTF (`date_edtf`, ISO
//! 8601-2 level 1: a date `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with an optional
//! `?`, `~` or `%`, or an interval `A/B` or `A/..`; and of level 2, one of a
//! set `[A..B]` or `[A..]`: an event held once, at some time from A to B,
//! as "Since 2015 China has hosted …" is, bounded by the paper's date); the
//! schema derives the bounds (`date_start`, `date_end`) from it and holds it to its forms. Here:
//! parsing both (`edtf`), the rules that hold the EDTF to the words (the loader and
//! `apsc check` apply them, in `words`), and how a fact's date is shown.

mod edtf;
mod words;

pub use edtf::{Edtf, PartialDate};
pub use words::{MONTHS, Shape, agreement, in_quote};

/// When a fact happened, as the text says it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct FactDate {
    /// The text's words: "In October 2015", "Since 2015".
    pub text: Option<String>,
    /// The same date in EDTF (`2015-10`, `2015/..`, `2015-01?`).
    pub edtf: Option<String>,
    /// Its bounds, ISO 8601 with the text's precision (`2015`, `2015-10`),
    /// as the schema derives them from `edtf`.
    pub start: Option<String>,
    pub end: Option<String>,
}

impl FactDate {
    /// True when the text dates the fact at all.
    pub fn is_dated(&self) -> bool {
        self.start.is_some()
    }

    /// True for a range with a start and no end: "Since 2015" (EDTF `2015/..`).
    pub fn is_open(&self) -> bool {
        self.iso().ends_with("/..")
    }

    /// True for one date of a set (`[2015..2017-01]`): held once, when
    /// within its bounds the text does not say.
    pub fn is_one_of(&self) -> bool {
        self.iso().starts_with('[')
    }

    /// The date in the text's words, marked when uncertain (`?`),
    /// approximate (`~`) or both (`%`).
    pub fn label(&self) -> String {
        let mark = match self.qualifier() {
            "?" => " (uncertain)",
            "~" => " (approximate)",
            "%" => " (uncertain, approximate)",
            _ => "",
        };
        format!("{}{mark}", self.text.as_deref().unwrap_or_default())
    }

    /// The EDTF qualifier of the date, `?`, `~` or `%`, or "".
    pub fn qualifier(&self) -> &'static str {
        let found = ["%", "?", "~"].into_iter().find(|q| self.iso().contains(q));
        found.unwrap_or("")
    }

    /// The date in EDTF: `2015-10`, `2008-12/2016-01`, `2015/..` when open.
    pub fn iso(&self) -> &str {
        self.edtf.as_deref().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests;
