//! Dates, in one place. A fact's date is the text's words (`date_text`: "In
//! October 2015", "Since 2015") and the same date in EDTF (`date_edtf`, ISO
//! 8601-2 level 1: a date `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with an optional
//! `?`, `~` or `%`, or an interval `A/B` or `A/..`; and of level 2, one of a
//! set `[A..B]` or `[A..]`: an event held once, at some time from A to B,
//! as "Since 2015 China has hosted …" is, bounded by the paper's date); the
//! schema derives the bounds (`date_start`, `date_end`) from it and holds it to its forms. Here:
//! parsing both, the rules that hold the EDTF to the words (the loader and
//! `apsc check` apply them, in `words`), and how a fact's date is shown.

mod words;

use std::cmp::Ordering;
use std::fmt;

pub use words::{Shape, agreement, in_quote};

/// The months' English names, as the text writes dates ("In October 2015").
#[rustfmt::skip]
pub const MONTHS: [&str; 12] = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
];

/// A year, a month of a year, or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

fn digits(s: &str) -> Option<u16> {
    let digits = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    s.parse().ok().filter(|_| digits)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    match month {
        2 => 28 + u8::from(leap),
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl PartialDate {
    /// Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, and nothing else.
    pub fn parse(s: &str) -> Result<PartialDate, String> {
        let bad =
            |why: &str| format!("{s:?} is not a date: {why} (use YYYY, YYYY-MM or YYYY-MM-DD)");
        let mut parts = s.split('-');
        let year = parts.next().unwrap_or_default();
        let year = (digits(year).filter(|_| year.len() == 4))
            .ok_or_else(|| bad("the year needs four digits"))?;
        let month = match parts.next() {
            None => None,
            Some(m) if m.len() == 2 => match digits(m) {
                Some(m @ 1..=12) => Some(m as u8),
                _ => return Err(bad("the month must be 01 to 12")),
            },
            Some(_) => return Err(bad("the month needs two digits")),
        };
        let day = match (parts.next(), month) {
            (None, _) => None,
            (Some(d), Some(month)) if d.len() == 2 => match digits(d) {
                Some(d) if d >= 1 && d <= u16::from(days_in_month(year, month)) => Some(d as u8),
                _ => return Err(bad("no such day in that month")),
            },
            (Some(_), _) => return Err(bad("the day needs two digits")),
        };
        if parts.next().is_some() {
            return Err(bad("too many parts"));
        }
        Ok(PartialDate { year, month, day })
    }

    /// Compare at the precision both dates have: `2015` and `2015-10` are equal,
    /// so an end of `2015` does not come before a start of `2015-10`.
    /// As written, with fixed-width digits, the common part of both orders
    /// them (the schema's CHECK compares them so too).
    pub fn cmp_common(&self, other: &PartialDate) -> Ordering {
        let (a, b) = (self.to_string(), other.to_string());
        let common = a.len().min(b.len());
        a[..common].cmp(&b[..common])
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

/// A date in one of the EDTF forms apsc uses, by its bounds. A qualifier
/// (`?`, `~`, `%`) says how sure the date is, never where it stands, so
/// only `FactDate` reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edtf {
    Single(PartialDate),
    /// `A/B`, or `A/..` (no end) for what goes on.
    Interval(PartialDate, Option<PartialDate>),
    /// One date of a set, unknown within its bounds: `[2015..2017-01]`.
    OneOf(PartialDate, Option<PartialDate>),
}

impl Edtf {
    /// Parse one of the forms, and nothing else.
    pub fn parse(s: &str) -> Result<Edtf, String> {
        let qualified = |d: &str| PartialDate::parse(d.strip_suffix(['?', '~', '%']).unwrap_or(d));
        if let Some(set) = s.strip_prefix('[') {
            let set = set.strip_suffix(']').ok_or("a set `[` ends with `]`")?;
            let (start, end) = set.split_once("..").ok_or("a set is `[A..B]` or `[A..]`")?;
            let start = PartialDate::parse(start)?;
            let end = (!end.is_empty()).then(|| PartialDate::parse(end));
            return Ok(Edtf::OneOf(start, end.transpose()?));
        }
        Ok(match s.split_once('/') {
            None => Edtf::Single(qualified(s)?),
            Some((start, end)) => {
                let start = qualified(start)?;
                Edtf::Interval(start, (end != "..").then(|| qualified(end)).transpose()?)
            }
        })
    }

    /// Its first and its last date (`None` for a single date or an open
    /// end): the bounds the schema derives, `date_start` and `date_end`.
    pub fn bounds(&self) -> (PartialDate, Option<PartialDate>) {
        match *self {
            Edtf::Single(d) => (d, None),
            Edtf::Interval(start, end) | Edtf::OneOf(start, end) => (start, end),
        }
    }
}

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
