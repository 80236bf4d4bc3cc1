//! Dates in EDTF, parsed: a calendar date at the precision the text gives
//! (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`), and the forms of EDTF apsc uses.

use std::cmp::Ordering;
use std::fmt;

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
