//! A fact's quote with its citation: the document (publisher, title, date,
//! address) and where in it the quote stands (section, paragraph, sentence),
//! written as plain text, BibTeX or CSL-JSON (as Zotero and pandoc read it).
//! Pure functions of one [`Citation`], so each style is tested here.

use serde_json::json;

use crate::dates::MONTHS;

/// Everything a citation of one fact says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// The fact as reports cite it: `meetings/china-asean-le-dialogue`.
    pub key: String,
    pub quote: String,
    pub publisher: String,
    pub title: String,
    /// ISO 8601: `2017-01-11`.
    pub published: String,
    /// `VI.3`, and its heading.
    pub section: String,
    pub section_title: String,
    pub paragraph: i64,
    pub sentence: i64,
    pub url: Option<String>,
}

impl Citation {
    /// The parts of the publication date that are numbers: `[2017, 1, 11]`.
    fn date_parts(&self) -> Vec<i64> {
        self.published
            .split('-')
            .map_while(|part| part.parse().ok())
            .collect()
    }

    /// "11 January 2017", or the ISO text when it is not a full date.
    fn long_date(&self) -> String {
        match self.date_parts()[..] {
            [y, m, d] if (1..=12).contains(&m) => format!("{d} {} {y}", MONTHS[m as usize - 1]),
            _ => self.published.clone(),
        }
    }

    /// "section VI.3, Cooperation in ..., paragraph 2, sentence 4".
    fn place(&self) -> String {
        format!(
            "section {}, {}, paragraph {}, sentence {}",
            self.section, self.section_title, self.paragraph, self.sentence
        )
    }

    /// The quote in double quotes, then the reference on one line.
    pub fn plain(&self) -> String {
        let url = self
            .url
            .as_deref()
            .map(|u| format!(" {u}"))
            .unwrap_or_default();
        format!(
            "\u{201c}{}\u{201d}\n{}, {}, {}, {}.{url}\n",
            self.quote,
            self.publisher,
            self.title,
            self.long_date(),
            self.place()
        )
    }

    /// A `@techreport` entry, every field's text escaped for BibTeX and LaTeX.
    pub fn bibtex(&self) -> String {
        let key: String = format!("apsc-{}", self.key)
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let parts = self.date_parts();
        let mut fields = vec![
            ("author", format!("{{{}}}", escape_bibtex(&self.publisher))),
            ("institution", escape_bibtex(&self.publisher)),
            ("title", format!("{{{}}}", escape_bibtex(&self.title))),
            ("type", "White paper".to_string()),
        ];
        if let Some(year) = parts.first() {
            fields.push(("year", year.to_string()));
        }
        fields.push(("date", escape_bibtex(&self.published)));
        fields.push((
            "note",
            escape_bibtex(&format!("{}: ``{}''", self.place(), self.quote)),
        ));
        if let Some(url) = &self.url {
            fields.push(("url", escape_url(url)));
        }
        let body: Vec<String> = fields
            .iter()
            .map(|(name, value)| format!("  {name} = {{{value}}}"))
            .collect();
        format!("@techreport{{{key},\n{}\n}}\n", body.join(",\n"))
    }

    /// A CSL-JSON array of one item: type report, the quote as its note.
    pub fn csl_json(&self) -> String {
        let mut item = json!({
            "id": self.key,
            "type": "report",
            "genre": "White paper",
            "title": self.title,
            "publisher": self.publisher,
            "author": [{ "literal": self.publisher }],
            "issued": { "date-parts": [self.date_parts()] },
            "section": format!(
                "{} {}, paragraph {}, sentence {}",
                self.section, self.section_title, self.paragraph, self.sentence
            ),
            "note": self.quote,
        });
        if let Some(url) = &self.url {
            item["URL"] = json!(url);
        }
        let mut text = serde_json::to_string_pretty(&json!([item])).expect("JSON of strings");
        text.push('\n');
        text
    }
}

/// Text made safe inside a BibTeX field: the characters LaTeX treats as
/// commands or groups are written as the commands that print them.
pub fn escape_bibtex(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '^' => out.push_str("\\textasciicircum{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            c => out.push(c),
        }
    }
    out
}

/// A URL is read verbatim by BibTeX's url fields; only braces, which would
/// end the field, and a backslash are escaped (percent-encoded).
fn escape_url(url: &str) -> String {
    url.replace('\\', "%5C")
        .replace('{', "%7B")
        .replace('}', "%7D")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Citation {
        Citation {
            key: "meetings/x".into(),
            quote: "China hosted {it} & paid 100% of $5 #1 a_b ^ ~ \\".into(),
            publisher: "State Council Information Office".into(),
            title: "China's Policies".into(),
            published: "2017-01-11".into(),
            section: "VI.3".into(),
            section_title: "Crimes".into(),
            paragraph: 2,
            sentence: 4,
            url: Some("http://example.org/a_b".into()),
        }
    }

    #[test]
    fn plain_gives_the_quote_then_the_reference() {
        let text = sample().plain();
        assert!(text.starts_with("\u{201c}China hosted"));
        assert!(text.contains("11 January 2017, section VI.3, Crimes, paragraph 2, sentence 4."));
        assert!(text.trim_end().ends_with("http://example.org/a_b"));
    }

    #[test]
    fn bibtex_escapes_every_special_character() {
        let entry = sample().bibtex();
        assert!(
            entry.starts_with("@techreport{apsc-meetings-x,\n"),
            "{entry}"
        );
        assert!(entry.contains(
            "China hosted \\{it\\} \\& paid 100\\% of \\$5 \\#1 a\\_b \\textasciicircum{} \
             \\textasciitilde{} \\textbackslash{}"
        ));
        assert!(entry.contains("url = {http://example.org/a_b}"));
        // Braces balance, so no field runs into the next.
        let unescaped = entry.replace("\\{", "").replace("\\}", "");
        let opens = unescaped.matches('{').count();
        assert_eq!(opens, unescaped.matches('}').count(), "{entry}");
    }

    #[test]
    fn csl_json_is_an_array_of_one_report() {
        let value: serde_json::Value = serde_json::from_str(&sample().csl_json()).unwrap();
        let item = &value[0];
        assert_eq!(item["type"], "report");
        assert_eq!(item["issued"]["date-parts"], json!([[2017, 1, 11]]));
        assert_eq!(item["URL"], "http://example.org/a_b");
        assert_eq!(item["note"], sample().quote);
    }
}
