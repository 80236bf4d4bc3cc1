//! A fact's quote with its citation: the document (publisher, title, date,
//! address) and where in it the quote stands (section, paragraph, sentence),
//! written as plain text, BibTeX or CSL-JSON (as Zotero and pandoc read it).
//! The view [`VIEW`] builds the CSL-JSON; plain text and BibTeX are pure
//! functions of [`Citation`]s, so each is tested here.

use anyhow::Context;
use rusqlite::Connection;

/// Every fact's citation, as a temporary view (so that a read-only file
/// serves it too): the one place a citation's words are put together, for
/// `apsc cite` and for the `citation` column of `apsc export --citations`.
/// `csl` is the CSL-JSON item (type report, the quote as its note); the
/// empty patch drops a missing URL.
pub const VIEW: &str = r#"
CREATE TEMP VIEW IF NOT EXISTS citations AS
SELECT *, publisher || ', ' || title || ', ' || long_date || ', ' || place || '.'
          || coalesce(' ' || url, '') AS reference,
       json_patch('{}', json_object('id', fact_table || '/' || fact_id, 'type', 'report',
         'genre', 'White paper', 'title', title, 'publisher', publisher,
         'author', json_array(json_object('literal', publisher)),
         'issued', json_object('date-parts',
           json_array(json('[' || replace(replace(published, '-0', '-'), '-', ',') || ']'))),
         'section', section || ' ' || section_title || ', paragraph ' || paragraph
           || ', sentence ' || coalesce(sentence, '?'),
         'note', quote, 'URL', url)) AS csl
  FROM (
SELECT f.fact_table, f.fact_id, f.quote, d.id AS document, d.publisher, d.title, d.published, d.url,
       p.section, a.name AS section_title, p.ordinal AS paragraph, s.ordinal AS sentence,
       CASE WHEN d.published GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'
             AND substr(d.published, 6, 2) BETWEEN '01' AND '12'
            THEN CAST(substr(d.published, 9, 2) AS INTEGER) || ' ' || ('["January", "February",
                 "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December"]' ->> (CAST(substr(d.published, 6, 2) AS INTEGER) - 1))
                 || ' ' || substr(d.published, 1, 4)
            ELSE d.published END AS long_date,
       'section ' || p.section || ', ' || a.name || ', paragraph ' || p.ordinal
          || ', sentence ' || coalesce(s.ordinal, '?') AS place
  FROM facts f
  JOIN passages p ON p.id = f.passage_id
  JOIN areas a ON a.id = f.area_id
  JOIN documents d ON d.id = p.document_id
  LEFT JOIN sentences s ON s.passage_id = f.passage_id
        AND s.start_offset <= f.quote_start AND f.quote_start < s.end_offset)"#;

/// What `plain` and `bibtex` write of one fact's citation, and its CSL-JSON.
#[derive(Debug, serde::Deserialize)]
pub struct Citation {
    /// The fact as reports cite it: `meetings/china-asean-le-dialogue`.
    pub key: String,
    pub quote: String,
    /// The document's id: the key of its BibTeX entry.
    pub document: String,
    pub publisher: String,
    pub title: String,
    /// ISO 8601: `2017-01-11`, `2017-01` or `2017`.
    pub published: String,
    pub section: String,
    pub paragraph: i64,
    pub url: Option<String>,
    /// Publisher, title, date, place and address, on one line.
    pub reference: String,
    pub csl: serde_json::Value,
}

/// The citation of the fact `table/id`.
pub fn read(conn: &Connection, table: &str, id: &str) -> anyhow::Result<Citation> {
    conn.execute_batch(VIEW)?;
    let sql = "SELECT json_object('key', fact_table || '/' || fact_id, 'quote', quote,
                 'document', document, 'publisher', publisher, 'title', title, 'published',
                 published, 'section', section, 'paragraph', paragraph, 'url', url,
                 'reference', reference, 'csl', json(csl))
                 FROM citations WHERE fact_table = ?1 AND fact_id = ?2";
    let json: String = (conn.query_row(sql, [table, id], |r| r.get(0)))
        .with_context(|| format!("reading the citation of {table}/{id}"))?;
    Ok(serde_json::from_str(&json)?)
}

impl Citation {
    /// The quote in double quotes, then the reference on one line.
    pub fn plain(&self) -> String {
        format!("\u{201c}{}\u{201d}\n{}\n", self.quote, self.reference)
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
        ("year", doc.published[..4].to_string()),
        ("date", escape_bibtex(&doc.published)),
    ];
    fields.extend(doc.url.as_deref().map(|url| ("url", escape_url(url))));
    let body: Vec<String> = fields
        .iter()
        .map(|(name, value)| format!("  {name} = {{{value}}}"))
        .collect();
    let mut text = format!("@techreport{{{key},\n{}\n}}\n", body.join(",\n"));
    for c in citations {
        // BibTeX skips text between entries, but an @ would open one.
        let (section, paragraph, quote) = (&c.section, c.paragraph, c.quote.replace('@', "(at)"));
        text += &format!(
            "% {}: \\cite[section {section}, paragraph {paragraph}]{{{key}}}\n%   ``{quote}''\n",
            c.key
        );
    }
    text
}

/// Text made safe inside a BibTeX field: the characters LaTeX treats as
/// commands or groups are written as the commands that print them.
fn escape_bibtex(text: &str) -> String {
    let escaped = text.chars().map(|c| match c {
        '\\' => "\\textbackslash{}".to_string(),
        '{' | '}' | '&' | '%' | '$' | '#' | '_' => format!("\\{c}"),
        '^' => "\\textasciicircum{}".to_string(),
        '~' => "\\textasciitilde{}".to_string(),
        c => c.to_string(),
    });
    escaped.collect()
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
            paragraph: 2,
            url: Some("http://example.org/a_b".into()),
            reference: "State Council Information Office, China's Policies, 11 January 2017, \
                        section VI.3, Crimes, paragraph 2, sentence 4. http://example.org/a_b"
                .into(),
            csl: serde_json::Value::Null,
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
}
