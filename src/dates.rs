//! Dates with only the precision the text gives: `2015`, `2015-10` or
//! `2016-05-01` (ISO 8601 calendar dates, reduced precision allowed). The same
//! rules stand as CHECK constraints in the schema.

use std::cmp::Ordering;
use std::fmt;

/// The months' English names, as the text writes dates ("In October 2015").
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A year, a month of a year, or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// Why a string is not a date of the allowed forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DateError {}

fn digits(s: &str) -> Option<u16> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl PartialDate {
    /// Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, and nothing else.
    pub fn parse(s: &str) -> Result<PartialDate, DateError> {
        let bad = |why: &str| {
            DateError(format!(
                "{s:?} is not a date: {why} (use YYYY, YYYY-MM or YYYY-MM-DD)"
            ))
        };
        let mut parts = s.split('-');
        let year = parts.next().unwrap_or_default();
        if year.len() != 4 {
            return Err(bad("the year needs four digits"));
        }
        let year = digits(year).ok_or_else(|| bad("the year needs four digits"))?;
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
    pub fn cmp_common(&self, other: &PartialDate) -> Ordering {
        self.year
            .cmp(&other.year)
            .then_with(|| match (self.month, other.month) {
                (Some(a), Some(b)) => a.cmp(&b),
                _ => Ordering::Equal,
            })
            .then_with(|| match (self.day, other.day) {
                (Some(a), Some(b)) => a.cmp(&b),
                _ => Ordering::Equal,
            })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_three_precisions() {
        for s in ["2015", "2015-10", "2016-05-01", "2016-02-29", "0001"] {
            assert_eq!(PartialDate::parse(s).unwrap().to_string(), s);
        }
    }

    #[test]
    fn rejects_what_is_not_an_iso_date() {
        for s in [
            "",
            "15",
            "20150",
            "2015-13",
            "2015-00",
            "2015-1",
            "2015-10-1",
            "2015-02-30",
            "2015-02-29",
            "2015-10-01-01",
            "2015/10",
            " 2015",
            "2015 ",
            "2015-",
            "+2015",
            "２０１５",
            "2015-1a",
            "October 2015",
        ] {
            assert!(PartialDate::parse(s).is_err(), "{s:?} was accepted");
        }
    }

    #[test]
    fn compares_at_the_common_precision() {
        let d = |s| PartialDate::parse(s).unwrap();
        assert_eq!(d("2015").cmp_common(&d("2015-10")), Ordering::Equal);
        assert_eq!(d("2008-12").cmp_common(&d("2016-01")), Ordering::Less);
        assert_eq!(d("2015-10").cmp_common(&d("2015-09-30")), Ordering::Greater);
    }
}
