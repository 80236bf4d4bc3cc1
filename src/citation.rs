//! A fact's quote with its citation: the document (publisher, title, date,
//! address) and where in it the quote stands (section, paragraph, sentence),
//! written as plain text, BibTeX or CSL-JSON (as Zotero and pandoc read it).
//! Pure functions of [`Citation`]s, so each style is tested here.

use anyhow::Context;
use rusqlite::Connection;
use serde_json::json;

/// Every fact's citation, as a temporary view (so that a read-only file
/// serves it too): the one place a citation's words are put together, for
/// `apsc cite` and for the `citation` column of `apsc export --citations`.
pub const VIEW: &str = "
CREATE TEMP VIEW IF NOT EXISTS citations AS
SELECT *, publisher || ', ' || title || ', ' || long_date || ', ' || place || '.'
          || coalesce(' ' || url, '') AS reference
  FROM (
SELECT f.fact_table, f.fact_id, f.quote, d.id AS document, d.publisher, d.title, d.published, d.url,
       p.section, a.name AS section_title, p.ordinal AS paragraph, s.ordinal AS sentence,
       CASE WHEN d.published GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'
             AND substr(d.published, 6, 2) BETWEEN '01' AND '12'
            THEN CAST(substr(d.published, 9, 2) AS INTEGER) || ' '
                 || CASE substr(d.published, 6, 2)
                      WHEN '01' THEN 'January' WHEN '02' THEN 'February' WHEN '03' THEN 'March'
                      WHEN '04' THEN 'April' WHEN '05' THEN 'May' WHEN '06' THEN 'June'
                      WHEN '07' THEN 'July' WHEN '08' THEN 'August' WHEN '09' THEN 'September'
                      WHEN '10' THEN 'October' WHEN '11' THEN 'November'
                      WHEN '12' THEN 'December' END
                 || ' ' || substr(d.published, 1, 4)
            ELSE d.published END AS long_date,
       'section ' || p.section || ', ' || a.name || ', paragraph ' || p.ordinal
          || ', sentence ' || coalesce(s.ordinal, '?') AS place
  FROM facts f
  JOIN passages p ON p.id = f.passage_id
  JOIN areas a ON a.id = f.area_id
  JOIN documents d ON d.id = p.document_id
  LEFT JOIN sentences s ON s.passage_id = f.passage_id
        AND s.start_offset <= f.quote_start AND f.quote_start < s.end_offset)";

/// Everything a citation of one fact says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// The fact as reports cite it: `meetings/china-asean-le-dialogue`.
    pub key: String,
    pub quote: String,
    /// The document's id: the key of its BibTeX entry.
    pub document: String,
    pub publisher: String,
    pub title: String,
    /// ISO 8601: `2017-01-11`.
    pub published: String,
    /// `VI.3`, and its heading.
    pub section: String,
    pub section_title: String,
    pub paragraph: i64,
    pub sentence: Option<i64>,
    pub url: Option<String>,
    /// Publisher, title, date, place and address, on one line.
    pub reference: String,
}

/// The citation of the fact `table/id`.
pub fn read(conn: &Connection, table: &str, id: &str) -> anyhow::Result<Citation> {
    conn.execute_batch(VIEW)?;
    conn.query_row(
        "SELECT quote, publisher, title, published, section, section_title, paragraph,
                sentence, url, reference, document
           FROM citations WHERE fact_table = ?1 AND fact_id = ?2",
        [table, id],
        |r| {
            Ok(Citation {
                key: format!("{table}/{id}"),
                quote: r.get(0)?,
                publisher: r.get(1)?,
                title: r.get(2)?,
                published: r.get(3)?,
                section: r.get(4)?,
                section_title: r.get(5)?,
                paragraph: r.get(6)?,
                sentence: r.get(7)?,
                url: r.get(8)?,
                reference: r.get(9)?,
                document: r.get(10)?,
            })
        },
    )
    .with_context(|| format!("reading the citation of {table}/{id}"))
}

impl Citation {
    /// The parts of the publication date that are numbers: `[2017, 1, 11]`.
    fn date_parts(&self) -> Vec<i64> {
        self.published
            .split('-')
            .map_while(|part| part.parse().ok())
            .collect()
    }

    /// The quote in double quotes, then the reference on one line.
    pub fn plain(&self) -> String {
        format!("\u{201c}{}\u{201d}\n{}\n", self.quote, self.reference)
    }

    /// A CSL-JSON item: type report, the quote as its note.
    pub fn csl_json(&self) -> serde_json::Value {
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
                self.section,
                self.section_title,
                self.paragraph,
                self.sentence.map_or("?".to_string(), |s| s.to_string())
            ),
            "note": self.quote,
        });
        if let Some(url) = &self.url {
            item["URL"] = json!(url);
        }
        item
    }
}

/// One `@techreport` entry for the document, every field's text escaped for
/// BibTeX and LaTeX, then each fact's pinpoint to cite it with, as comments.
/// One entry, not one per fact: author-year styles would print 2017a, 2017b.
pub fn bibtex(citations: &[Citation]) -> String {
    let Some(doc) = citations.first() else {
        return String::new();
    };
    let key: String = (doc.document.chars())
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let mut fields = vec![
        ("author", format!("{{{}}}", escape_bibtex(&doc.publisher))),
        ("institution", escape_bibtex(&doc.publisher)),
        ("title", format!("{{{}}}", escape_bibtex(&doc.title))),
        ("type", "White paper".to_string()),
    ];
    if let Some(year) = doc.date_parts().first() {
        fields.push(("year", year.to_string()));
    }
    fields.push(("date", escape_bibtex(&doc.published)));
    if let Some(url) = &doc.url {
        fields.push(("url", escape_url(url)));
    }
    let body: Vec<String> = fields
        .iter()
        .map(|(name, value)| format!("  {name} = {{{value}}}"))
        .collect();
    let mut text = format!("@techreport{{{key},\n{}\n}}\n", body.join(",\n"));
    for c in citations {
        // BibTeX skips text between entries, but an @ would open one.
        let quote = c.quote.replace('@', "(at)");
        let (section, paragraph) = (&c.section, c.paragraph);
        text += &format!(
            "% {}: \\cite[section {section}, paragraph {paragraph}]{{{key}}}\n",
            c.key
        );
        text += &format!("%   ``{quote}''\n");
    }
    text
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
            quote: "China hosted a@b.".into(),
            document: "white-paper-2017".into(),
            publisher: "State Council Information Office".into(),
            title: "China hosted {it} & paid 100% of $5 #1 a_b ^ ~ \\".into(),
            published: "2017-01-11".into(),
            section: "VI.3".into(),
            section_title: "Crimes".into(),
            paragraph: 2,
            sentence: Some(4),
            url: Some("http://example.org/a_b".into()),
            reference: "State Council Information Office, China's Policies, 11 January 2017, \
                        section VI.3, Crimes, paragraph 2, sentence 4. http://example.org/a_b"
                .into(),
        }
    }

    #[test]
    fn plain_gives_the_quote_then_the_reference() {
        let text = sample().plain();
        assert!(text.starts_with("\u{201c}China hosted"));
        assert!(text.ends_with("\u{201d}\nState Council Information Office, China's Policies, 11 January 2017, section VI.3, Crimes, paragraph 2, sentence 4. http://example.org/a_b\n"));
    }

    #[test]
    fn bibtex_escapes_every_special_character() {
        let entry = bibtex(&[sample()]);
        assert!(
            entry.starts_with("@techreport{white-paper-2017,\n"),
            "{entry}"
        );
        assert!(entry.contains(
            "China hosted \\{it\\} \\& paid 100\\% of \\$5 \\#1 a\\_b \\textasciicircum{} \
             \\textasciitilde{} \\textbackslash{}"
        ));
        assert!(entry.contains("url = {http://example.org/a_b}"));
        // The quote is a comment, with no @ to open an entry.
        assert_eq!(entry.matches('@').count(), 1, "{entry}");
        // Braces balance, so no field runs into the next.
        let unescaped = entry.replace("\\{", "").replace("\\}", "");
        let opens = unescaped.matches('{').count();
        assert_eq!(opens, unescaped.matches('}').count(), "{entry}");
    }

    #[test]
    fn csl_json_is_a_report_with_the_quote_as_its_note() {
        let item = &sample().csl_json();
        assert_eq!(item["type"], "report");
        assert_eq!(item["issued"]["date-parts"], json!([[2017, 1, 11]]));
        assert_eq!(item["URL"], "http://example.org/a_b");
        assert_eq!(item["note"], sample().quote);
    }
}
