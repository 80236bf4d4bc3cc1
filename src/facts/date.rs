//! A fact's date as every view shows it: the text's own words and the ISO
//! bounds, read from the fact's columns in one place, so that a new date
//! column (an EDTF form) is added here and nowhere else.

use rusqlite::types::Value;

/// When a fact happened, as the text says it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FactDate {
    /// The text's words: "In October 2015", "Since 2015".
    pub text: Option<String>,
    /// ISO 8601 with the text's precision: `2015`, `2015-10`.
    pub start: Option<String>,
    pub end: Option<String>,
    /// The Extended Date/Time Format form (`2015/..`, `2015-01?`), where the
    /// database has one.
    pub edtf: Option<String>,
}

impl FactDate {
    /// The fields a fact card shows for the date, by column name: the same
    /// fields for every fact, so that rows of many facts share columns.
    pub fn fields(&self) -> Vec<(&'static str, Value)> {
        let text = |v: &Option<String>| v.as_deref().map_or(Value::Null, |t| Value::Text(t.into()));
        vec![
            ("date_text", text(&self.text)),
            ("date_edtf", text(&self.edtf)),
            ("date_start", text(&self.start)),
            ("date_end", text(&self.end)),
        ]
    }

    /// True when the text dates the fact at all.
    pub fn is_dated(&self) -> bool {
        self.start.is_some()
    }

    /// True for a range with a start and no end: "Since 2015" (EDTF `2015/..`).
    pub fn is_open(&self) -> bool {
        match &self.edtf {
            Some(edtf) => edtf.ends_with("/..") || edtf.ends_with('/'),
            None => self.end.is_none() && self.text.as_deref().is_some_and(starts_with_since),
        }
    }

    /// True when the date is uncertain or approximate (EDTF `?`, `~`, `%`).
    pub fn is_uncertain(&self) -> bool {
        self.edtf
            .as_deref()
            .is_some_and(|edtf| edtf.contains(['?', '~', '%']))
    }

    /// The date in a few words: the text's own, else the ISO bounds.
    pub fn label(&self) -> String {
        let mut label = match (&self.text, &self.start, &self.end) {
            (Some(text), _, _) => text.to_string(),
            (None, Some(start), Some(end)) => format!("{start} to {end}"),
            (None, Some(start), None) => start.to_string(),
            _ => String::new(),
        };
        if self.is_uncertain() {
            label.push_str(" (uncertain)");
        }
        label
    }

    /// The ISO bounds: `2015-10`, `2008-12/2016-01`, `2015/..` when open.
    pub fn iso(&self) -> String {
        if let Some(edtf) = &self.edtf {
            return edtf.to_string();
        }
        match (&self.start, &self.end) {
            (Some(start), Some(end)) => format!("{start}/{end}"),
            (Some(start), None) if self.is_open() => format!("{start}/.."),
            (Some(start), None) => start.to_string(),
            _ => String::new(),
        }
    }
}

fn starts_with_since(text: &str) -> bool {
    text.trim_start()
        .get(..5)
        .is_some_and(|w| w.eq_ignore_ascii_case("since"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str, start: &str, end: Option<&str>) -> FactDate {
        FactDate {
            text: Some(text.into()),
            start: Some(start.into()),
            end: end.map(String::from),
            edtf: None,
        }
    }

    #[test]
    fn since_opens_a_range_and_a_range_is_closed() {
        assert!(date("Since 2015", "2015", None).is_open());
        assert_eq!(date("Since 2015", "2015", None).iso(), "2015/..");
        assert!(!date("In October 2015", "2015-10", None).is_open());
        let escorts = date(
            "From December 2008 to January 2016",
            "2008-12",
            Some("2016-01"),
        );
        assert!(!escorts.is_open());
        assert_eq!(escorts.iso(), "2008-12/2016-01");
    }

    #[test]
    fn an_edtf_form_decides_openness_and_uncertainty() {
        let mut d = date("In January and July 2015", "2015-01", None);
        d.edtf = Some("2015-01?".into());
        assert!(d.is_uncertain() && !d.is_open());
        assert_eq!(d.label(), "In January and July 2015 (uncertain)");
        d.edtf = Some("2015/..".into());
        assert!(d.is_open() && !d.is_uncertain());
        let names = |d: &FactDate| d.fields().into_iter().map(|(n, _)| n).collect::<Vec<_>>();
        assert_eq!(
            names(&d),
            names(&FactDate::default()),
            "the same columns for every fact"
        );
        assert!(
            FactDate::default()
                .fields()
                .iter()
                .all(|(_, v)| *v == Value::Null)
        );
    }
}
