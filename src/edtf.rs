//! A fact's date in the Extended Date/Time Format (ISO 8601-2, level 1), in
//! the forms apsc uses, and the rules that tie it to the fact's bounds and
//! words. The loader and `apsc check` apply the same rules; the schema's
//! CHECK (migration V5) holds the forms and the bounds, not the words.
//!
//! The forms: a single date `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, optionally
//! followed by one qualifier (`?` uncertain, `~` approximate, `%` both); or an
//! interval `A/B` of two such dates, or `A/..` when it has no end.

use std::fmt;

use crate::dates::PartialDate;

/// How sure the text is of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    /// `?`
    Uncertain,
    /// `~`
    Approximate,
    /// `%`: uncertain and approximate.
    Both,
}

/// A date with an optional qualifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Qualified {
    pub date: PartialDate,
    pub qualifier: Option<Qualifier>,
}

/// A date in one of the EDTF forms apsc uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edtf {
    Single(Qualified),
    /// `end` is `None` for an open end (`..`).
    Interval {
        start: Qualified,
        end: Option<Qualified>,
    },
}

/// The shape of date a fact's words call for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Single,
    /// "Since 2015": from a date on, with no end.
    Open,
    /// "From December 2008 to January 2016".
    Closed,
}

impl Shape {
    /// The shape `date_text` calls for: an open interval when it begins
    /// "Since", a closed one for "From … to …", otherwise a single date.
    pub fn of_words(date_text: &str) -> Shape {
        // As migration V5 read the words when it filled existing rows.
        let text = date_text;
        let begins = |word: &str| {
            text.get(..word.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(word))
        };
        if begins("since ") {
            Shape::Open
        } else if begins("from ") && text.contains(" to ") {
            Shape::Closed
        } else {
            Shape::Single
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Shape::Single => "a single date",
            Shape::Open => "an open interval (…/..)",
            Shape::Closed => "a closed interval (…/…)",
        }
    }

    fn why(self) -> &'static str {
        match self {
            Shape::Single => "it is neither \"Since …\" nor \"From … to …\"",
            Shape::Open => "it begins \"Since\"",
            Shape::Closed => "it reads \"From … to …\"",
        }
    }
}

fn qualified(s: &str) -> Result<Qualified, String> {
    let (date, qualifier) = match s.as_bytes().last() {
        Some(b'?') => (&s[..s.len() - 1], Some(Qualifier::Uncertain)),
        Some(b'~') => (&s[..s.len() - 1], Some(Qualifier::Approximate)),
        Some(b'%') => (&s[..s.len() - 1], Some(Qualifier::Both)),
        _ => (s, None),
    };
    let date = PartialDate::parse(date).map_err(|err| err.to_string())?;
    Ok(Qualified { date, qualifier })
}

impl Edtf {
    /// Parse one of the forms, and nothing else.
    pub fn parse(s: &str) -> Result<Edtf, String> {
        match s.split_once('/') {
            None => qualified(s).map(Edtf::Single),
            Some((start, end)) => {
                let start = qualified(start)?;
                let end = match end {
                    ".." => None,
                    end => Some(qualified(end)?),
                };
                Ok(Edtf::Interval { start, end })
            }
        }
    }

    pub fn shape(&self) -> Shape {
        match self {
            Edtf::Single(_) => Shape::Single,
            Edtf::Interval { end: None, .. } => Shape::Open,
            Edtf::Interval { end: Some(_), .. } => Shape::Closed,
        }
    }

    /// Whether its first date is `start` and its last `end` (`None` for a
    /// single date or an open end), as written.
    pub fn has_bounds(&self, start: &str, end: Option<&str>) -> bool {
        let (first, last) = match self {
            Edtf::Single(d) => (d.date, None),
            Edtf::Interval { start, end } => (start.date, end.map(|e| e.date)),
        };
        first.to_string() == start && last.map(|d| d.to_string()).as_deref() == end
    }
}

impl fmt::Display for Qualified {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = match self.qualifier {
            None => "",
            Some(Qualifier::Uncertain) => "?",
            Some(Qualifier::Approximate) => "~",
            Some(Qualifier::Both) => "%",
        };
        write!(f, "{}{q}", self.date)
    }
}

impl fmt::Display for Edtf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Edtf::Single(d) => write!(f, "{d}"),
            Edtf::Interval { start, end: None } => write!(f, "{start}/.."),
            Edtf::Interval {
                start,
                end: Some(end),
            } => write!(f, "{start}/{end}"),
        }
    }
}

/// A fact's date columns, as the seed or the database holds them.
#[derive(Debug, Clone, Copy, Default)]
pub struct FactDate<'a> {
    pub start: Option<&'a str>,
    pub end: Option<&'a str>,
    pub text: Option<&'a str>,
    pub edtf: Option<&'a str>,
}

/// The plain EDTF a fact's bounds and words call for (a qualifier may follow
/// each date), or `None` when they call for none or cannot make one.
fn expected(date: &FactDate<'_>, shape: Shape) -> Option<String> {
    let start = date.start?;
    match (shape, date.end) {
        (Shape::Single, _) => Some(start.to_string()),
        (Shape::Open, _) => Some(format!("{start}/..")),
        (Shape::Closed, Some(end)) => Some(format!("{start}/{end}")),
        (Shape::Closed, None) => None,
    }
}

/// What the schema's CHECK on `date_edtf` holds (migration V5): it is one of
/// the forms and its dates are the bounds, or it and `date_start` are NULL.
pub fn fits_bounds(edtf: Option<&str>, start: Option<&str>, end: Option<&str>) -> bool {
    match (edtf, start) {
        (None, None) => true,
        (Some(edtf), Some(start)) => Edtf::parse(edtf).is_ok_and(|e| e.has_bounds(start, end)),
        _ => false,
    }
}

/// Whether `date_edtf` agrees with the bounds and the words; if not, what is
/// wrong and what it should be.
pub fn agreement(date: &FactDate<'_>) -> Result<(), String> {
    let Some(start) = date.start else {
        return match date.edtf {
            Some(edtf) => Err(format!(
                "`date_edtf` {edtf:?} without `date_start`: an undated fact has no EDTF date"
            )),
            None => Ok(()),
        };
    };
    let shape = date.text.map_or(Shape::Single, Shape::of_words);
    let should = match expected(date, shape) {
        Some(plain) => format!("it should be {plain:?} (a date may end in ?, ~ or %)"),
        None => format!("{} needs `date_end`", shape.describe()),
    };
    let Some(text) = date.edtf else {
        return Err(format!("`date_edtf` is empty; {should}"));
    };
    let edtf = Edtf::parse(text).map_err(|why| {
        format!(
            "`date_edtf` {text:?} is not EDTF: {why}; {should} \
             (forms: YYYY, YYYY-MM or YYYY-MM-DD, each optionally followed by ?, ~ or %, \
             or an interval A/B or A/..)"
        )
    })?;
    if edtf.shape() != shape {
        let words = date.text.unwrap_or_default();
        return Err(format!(
            "`date_edtf` {text:?} is {}, but `date_text` {words:?} calls for {}: {}; {should}",
            edtf.shape().describe(),
            shape.describe(),
            shape.why(),
        ));
    }
    if !edtf.has_bounds(start, date.end) {
        let end = date.end.map_or(String::new(), |e| format!(" to {e:?}"));
        return Err(format!(
            "`date_edtf` {text:?} does not agree with the bounds ({start:?}{end}); {should}"
        ));
    }
    if let Some(words) = date.text {
        for (column, bound) in [("date_start", Some(start)), ("date_end", date.end)] {
            let Some(bound) = bound else { continue };
            if let Some(missing) = unsaid(bound, words) {
                return Err(format!(
                    "`{column}` {bound:?} says {missing}, which `date_text` {words:?} does not: \
                     a date holds what its words say"
                ));
            }
        }
    }
    Ok(())
}

/// `date_text` is words of the fact's quote, verbatim.
pub fn in_quote(date_text: Option<&str>, quote: &str) -> Result<(), String> {
    match date_text {
        Some(words) if !quote.contains(words) => Err(format!(
            "`date_text` {words:?} is not in the quote: keep the words the text dates it with, \
             verbatim"
        )),
        _ => Ok(()),
    }
}

/// What a bound (`2015-10`) states that `words` ("In October 2015") do not:
/// its year, its month's name or its day, as the words write them. Nothing
/// when the words say it all, or when the bound is no date (reported
/// elsewhere).
fn unsaid(bound: &str, words: &str) -> Option<String> {
    let date = PartialDate::parse(bound).ok()?;
    let numbers: Vec<&str> = words
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .collect();
    let year = date.year.to_string();
    if !numbers.contains(&year.as_str()) {
        return Some(year);
    }
    if let Some(month) = date.month {
        let name = crate::dates::MONTHS[usize::from(month) - 1];
        if !words.to_lowercase().contains(&name.to_lowercase()) {
            return Some(name.to_string());
        }
    }
    if let Some(day) = date.day {
        let said = numbers
            .iter()
            .any(|n| n.len() <= 2 && n.parse::<u8>().is_ok_and(|n| n == day));
        if !said {
            return Some(format!("day {day}"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bound_must_be_in_the_words() {
        assert_eq!(unsaid("2015-10", "In October 2015"), None);
        assert_eq!(unsaid("2015", "Since 2015"), None);
        assert_eq!(unsaid("2015-10", "in october 2015"), None);
        assert_eq!(unsaid("1999-01", "In October 2015"), Some("1999".into()));
        assert_eq!(
            unsaid("2015-11", "In October 2015"),
            Some("November".into())
        );
        assert_eq!(unsaid("2015", "In 20150"), Some("2015".into()));
        assert_eq!(unsaid("2016-05-01", "On 1 May 2016"), None);
        assert_eq!(unsaid("2016-05-01", "On May 1, 2016"), None);
        assert_eq!(unsaid("2016-05-02", "On 1 May 2016"), Some("day 2".into()));
        assert_eq!(unsaid("not a date", "In 2015"), None);
        let date = |start, text, edtf| FactDate {
            start: Some(start),
            end: None,
            text: Some(text),
            edtf: Some(edtf),
        };
        assert!(agreement(&date("2015-10", "In October 2015", "2015-10")).is_ok());
        let err = agreement(&date("1999-01", "In October 2015", "1999-01")).unwrap_err();
        assert!(err.contains("`date_start` \"1999-01\" says 1999"), "{err}");
        assert!(in_quote(Some("In October 2015"), "In October 2015, China hosted").is_ok());
        assert!(in_quote(Some("In Octobre 2015"), "In October 2015, China hosted").is_err());
        assert!(in_quote(None, "anything").is_ok());
    }

    #[test]
    fn parses_and_writes_back_every_form() {
        for s in [
            "2015",
            "2015-10",
            "2016-05-01",
            "2015?",
            "2015-01~",
            "2016-05-01%",
            "2015/..",
            "2015?/..",
            "2008-12/2016-01",
            "2008-12~/2016-01?",
            "2015/2016-02-29%",
        ] {
            assert_eq!(Edtf::parse(s).unwrap().to_string(), s);
        }
        assert_eq!(
            Edtf::parse("2015-01?").unwrap(),
            Edtf::Single(Qualified {
                date: PartialDate::parse("2015-01").unwrap(),
                qualifier: Some(Qualifier::Uncertain),
            })
        );
        assert_eq!(Edtf::parse("2015/..").unwrap().shape(), Shape::Open);
        assert_eq!(Edtf::parse("2015/2016").unwrap().shape(), Shape::Closed);
    }

    #[test]
    fn rejects_what_is_not_one_of_the_forms() {
        // Separated by "|": some have spaces at their ends.
        const MALFORMED: &str = "|..|/..|../2015|2015/|/2015|2015??|2015?~|?2015|~2015|2015 ?\
            |2015-13|2015-02-30|2015-1|15|2015/../..|2015/2016/2017|2015/...|2015/.|2015-10/..?\
            |2015\0|2015\0/..|2015X|2015-10-01T00:00|2015/2016-13|Since 2015| 2015|2015 \
            |2015—2016|2015–2016|201X|2015-21|-2015|Y2015|2015/open|2015-10-01/2015-1";
        for s in MALFORMED.split('|') {
            assert!(Edtf::parse(s).is_err(), "{s:?} was accepted");
        }
    }

    #[test]
    fn reads_the_shape_from_the_words() {
        assert_eq!(Shape::of_words("Since 2015"), Shape::Open);
        assert_eq!(Shape::of_words("since 2015"), Shape::Open);
        assert_eq!(
            Shape::of_words("From December 2008 to January 2016"),
            Shape::Closed
        );
        assert_eq!(Shape::of_words("In October 2015"), Shape::Single);
        assert_eq!(Shape::of_words("The year 2015"), Shape::Single);
        assert_eq!(Shape::of_words("From 2015"), Shape::Single);
        assert_eq!(Shape::of_words("Sincerely 2015"), Shape::Single);
        assert_eq!(Shape::of_words(""), Shape::Single);
    }

    fn date<'a>(
        start: Option<&'a str>,
        end: Option<&'a str>,
        text: Option<&'a str>,
        edtf: Option<&'a str>,
    ) -> FactDate<'a> {
        FactDate {
            start,
            end,
            text,
            edtf,
        }
    }

    #[test]
    fn accepts_dates_that_agree_with_bounds_and_words() {
        let since = Some("Since 2015");
        let from = Some("From December 2008 to January 2016");
        for d in [
            date(None, None, None, None),
            date(Some("2015"), None, since, Some("2015/..")),
            date(Some("2015"), None, since, Some("2015~/..")),
            date(
                Some("2008-12"),
                Some("2016-01"),
                from,
                Some("2008-12/2016-01"),
            ),
            date(
                Some("2015-10"),
                None,
                Some("In October 2015"),
                Some("2015-10"),
            ),
            date(
                Some("2015-01"),
                None,
                Some("In January 2015"),
                Some("2015-01?"),
            ),
        ] {
            assert_eq!(agreement(&d), Ok(()), "{d:?}");
        }
    }

    #[test]
    fn says_what_is_wrong_and_what_it_should_be() {
        let since = Some("Since 2015");
        let from = Some("From December 2008 to January 2016");
        let cases = [
            (
                date(Some("2015"), None, since, Some("2015")),
                "`date_edtf` \"2015\" is a single date, but `date_text` \"Since 2015\" calls for an open interval",
            ),
            (
                date(Some("2015"), None, since, None),
                "`date_edtf` is empty; it should be \"2015/..\"",
            ),
            (
                date(Some("2015"), None, Some("In 2015"), Some("2015/..")),
                "is an open interval (…/..), but `date_text` \"In 2015\" calls for a single date",
            ),
            (
                date(
                    Some("2008-12"),
                    Some("2016-01"),
                    from,
                    Some("2008-12/2016-02"),
                ),
                "does not agree with the bounds (\"2008-12\" to \"2016-01\"); it should be \"2008-12/2016-01\"",
            ),
            (
                date(Some("2015-10"), None, Some("In October 2015"), Some("2015")),
                "does not agree with the bounds (\"2015-10\"); it should be \"2015-10\"",
            ),
            (
                date(None, None, None, Some("2015")),
                "`date_edtf` \"2015\" without `date_start`",
            ),
            (
                date(Some("2015"), None, Some("In 2015"), Some("2015??")),
                "`date_edtf` \"2015??\" is not EDTF",
            ),
            (
                date(Some("2015"), None, from, Some("2015/2016")),
                "a closed interval (…/…) needs `date_end`",
            ),
        ];
        for (d, wanted) in cases {
            let got = agreement(&d).unwrap_err();
            assert!(got.contains(wanted), "{d:?}: {got}");
        }
    }
}
