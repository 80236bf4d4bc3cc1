//! The text of a document: restoring it from the supplied copy through the
//! declared corrections and omissions, cutting it into passages (paragraphs under their
//! section headings) and sentences, and finding quotes in it.
//!
//! Offsets stored in the database are code-point offsets (what SQLite's
//! `substr` and Python's slicing count); inside Rust they are byte offsets and
//! are converted once, through [`Offsets`].

use std::collections::HashMap;

/// A paragraph of the restored text with the section it stands in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// `VI.3`: the chapter, then the numbered section within it.
    pub section: String,
    /// The heading of that section.
    pub heading: String,
    /// 1-based position of the paragraph within its section.
    pub ordinal: u32,
    /// Byte range in the restored text.
    pub start: usize,
    pub end: usize,
}

/// The structure of a restored text.
#[derive(Debug, Default)]
pub struct Layout {
    /// Each heading line, `VI. Title` (a chapter) or `3. Title` (a section
    /// in it), as its section and title.
    pub headings: Vec<(String, String)>,
    pub passages: Vec<Passage>,
}

/// The restored text of a supplied one: every `find` of its corrections
/// replaced, in order, then every whole line (with its line break) equal to
/// one of `omitted` removed; with how often each correction applied and
/// whether each omitted line was found. The loader and `apsc check` both
/// restore through here.
pub fn restore_document(
    source: &str,
    corrections: &[(&str, &str)],
    omitted: &[&str],
) -> (String, Vec<usize>, Vec<bool>) {
    let mut text = source.to_string();
    let mut occurrences = Vec::with_capacity(corrections.len());
    for (find, replace_with) in corrections {
        occurrences.push(text.matches(find).count());
        text = text.replace(find, replace_with);
    }
    let mut found = vec![false; omitted.len()];
    let mut kept = String::with_capacity(text.len());
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        match omitted.iter().position(|o| *o == line) {
            Some(i) => found[i] = true,
            None => kept.push_str(raw),
        }
    }
    (kept, occurrences, found)
}

fn roman(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b"IVXLCDM".contains(&b))
}

fn arabic(s: &str) -> bool {
    !s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Split a heading line into its number and title, if it is one.
fn heading(line: &str) -> Option<(&str, &str)> {
    let (number, title) = line.split_once(". ")?;
    let title = title.trim();
    if title.is_empty() || title.ends_with('.') {
        return None;
    }
    (roman(number) || arabic(number)).then_some((number, title))
}

/// Cut the text into passages. Lines before the first chapter heading are the
/// title matter; blank lines separate nothing (each non-blank line is a
/// paragraph).
pub fn layout(text: &str) -> Layout {
    let mut out = Layout::default();
    let mut chapter: Option<String> = None;
    let mut section = String::new();
    let mut title = String::new();
    let mut ordinal = 0;
    let mut start = 0;
    for raw in text.split_inclusive('\n') {
        let line_start = start;
        start += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            continue;
        }
        if let Some((number, heading_title)) = heading(line) {
            if roman(number) {
                chapter = Some(number.to_string());
                section = number.to_string();
            } else if let Some(chapter) = &chapter {
                section = format!("{chapter}.{number}");
            } else {
                // A numbered line before any chapter is title matter.
                continue;
            }
            title = heading_title.to_string();
            ordinal = 0;
            out.headings.push((section.clone(), title.clone()));
            continue;
        }
        if chapter.is_none() {
            continue;
        }
        ordinal += 1;
        let lead = line.len() - line.trim_start().len();
        out.passages.push(Passage {
            section: section.clone(),
            heading: title.clone(),
            ordinal,
            start: line_start + lead,
            end: line_start + line.trim_end().len(),
        });
    }
    out
}

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "St", "No", "Nos", "Art", "Vol", "vs", "etc", "e.g", "i.e", "Inc",
    "Ltd", "Co", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov",
    "Dec",
];

/// Byte ranges of the sentences of a paragraph, relative to the paragraph.
///
/// A sentence ends at `.`, `!` or `?` (and any closing quotes or brackets after
/// it) when white space and then a capital letter, a digit or an opening quote
/// follow, unless the word before the stop is an abbreviation or an initial.
pub fn sentences(paragraph: &str) -> Vec<(usize, usize)> {
    let bytes = paragraph.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b'.' | b'!' | b'?') {
            let mut end = i + 1;
            while end < bytes.len() && matches!(bytes[end], b'"' | b'\'' | b')' | b']') {
                end += 1;
            }
            let mut next = end;
            while next < bytes.len() && bytes[next].is_ascii_whitespace() {
                next += 1;
            }
            let boundary = next > end
                && next < bytes.len()
                && (bytes[next].is_ascii_uppercase()
                    || bytes[next].is_ascii_digit()
                    || matches!(bytes[next], b'"' | b'\'' | b'(')
                    || !bytes[next].is_ascii())
                && !(b == b'.' && abbreviation_before(paragraph, i));
            if boundary {
                out.push((start, end));
                start = next;
                i = next;
                continue;
            }
        }
        i += 1;
    }
    let tail = paragraph[start..].trim_end();
    if !tail.is_empty() {
        out.push((start, start + tail.len()));
    }
    out
}

fn abbreviation_before(paragraph: &str, stop: usize) -> bool {
    let word = paragraph[..stop]
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .next()
        .unwrap_or_default();
    let single_initial = word.len() == 1 && word.bytes().all(|b| b.is_ascii_uppercase());
    // "U.S" before the final stop of "U.S.": a run of initials.
    let initials = word.len() >= 3
        && word
            .split('.')
            .all(|p| p.len() == 1 && p.bytes().all(|b| b.is_ascii_uppercase()));
    single_initial || initials || ABBREVIATIONS.contains(&word)
}

/// Byte offsets to code-point offsets for one text, in O(1) per lookup.
pub struct Offsets {
    /// `None` when the text is ASCII and the two agree.
    chars_before: Option<Vec<u32>>,
}

impl Offsets {
    pub fn new(text: &str) -> Offsets {
        if text.is_ascii() {
            return Offsets { chars_before: None };
        }
        // Index i holds the number of characters that start before byte i.
        let bytes = text.as_bytes();
        let mut table = Vec::with_capacity(bytes.len() + 1);
        let mut seen = 0u32;
        for &b in bytes {
            table.push(seen);
            if !is_continuation(b) {
                seen += 1;
            }
        }
        table.push(seen);
        Offsets {
            chars_before: Some(table),
        }
    }

    /// The code-point offset of a byte offset that lies on a char boundary.
    pub fn chars(&self, byte: usize) -> usize {
        match &self.chars_before {
            None => byte,
            Some(table) => table[byte] as usize,
        }
    }
}

fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// Finds quotes in a text: a quote that is a whole sentence is found by hash,
/// anything else by a substring search, and every answer is remembered, so
/// that loading many facts that quote the same sentences stays linear.
pub struct QuoteFinder<'t> {
    text: &'t str,
    known: HashMap<&'t str, usize>,
}

impl<'t> QuoteFinder<'t> {
    /// `sentences` are byte ranges of the text (every sentence of every passage).
    pub fn new(text: &'t str, sentences: impl IntoIterator<Item = (usize, usize)>) -> Self {
        let mut known = HashMap::new();
        for (start, end) in sentences {
            known.entry(&text[start..end]).or_insert(start);
        }
        QuoteFinder { text, known }
    }

    /// The byte offset of the first occurrence of `quote`, if any.
    pub fn find(&mut self, quote: &str) -> Option<usize> {
        if let Some(&at) = self.known.get(quote) {
            return Some(at);
        }
        let at = self.text.find(quote)?;
        self.known.insert(&self.text[at..at + quote.len()], at);
        Some(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restores_every_occurrence_and_counts_them() {
        let corrections = [("Xy", "China"), ("zz", "q")];
        let (text, counts, _) = restore_document("Xy and Xy-Japan; Chinese", &corrections, &[]);
        assert_eq!(text, "China and China-Japan; Chinese");
        assert_eq!(counts, vec![2, 0]);
    }

    #[test]
    fn omits_whole_lines_only() {
        let text = "Para one.\nFooter: 1\nNot Footer: 1\r\nFooter: 1\r\nEnd\nFooter: 1";
        let (kept, _, found) = restore_document(text, &[], &["Footer: 1", "Absent"]);
        assert_eq!(kept, "Para one.\nNot Footer: 1\r\nEnd\n");
        assert_eq!(found, vec![true, false]);
    }

    #[test]
    fn lays_out_chapters_sections_and_paragraphs() {
        let text =
            "Title line\nVI. Chapter\n1. First\nPara one.\nPara two.\n2. Second\nPara three.\n";
        let layout = layout(text);
        let got: Vec<_> = layout
            .passages
            .iter()
            .map(|p| (p.section.as_str(), p.ordinal, &text[p.start..p.end]))
            .collect();
        assert_eq!(
            got,
            vec![
                ("VI.1", 1, "Para one."),
                ("VI.1", 2, "Para two."),
                ("VI.2", 1, "Para three.")
            ]
        );
        assert_eq!(layout.headings.len(), 3);
    }

    #[test]
    fn splits_sentences_but_not_numbers_or_initials() {
        let p = "It cost A$20 million ($14.8 million). The U.S. agreed. \"Quoted.\" Next 909 missions? Yes.";
        let got: Vec<_> = sentences(p).into_iter().map(|(s, e)| &p[s..e]).collect();
        assert_eq!(
            got,
            vec![
                "It cost A$20 million ($14.8 million).",
                "The U.S. agreed.",
                "\"Quoted.\"",
                "Next 909 missions?",
                "Yes."
            ]
        );
    }

    #[test]
    fn ends_a_sentence_at_a_closing_quote() {
        let p = "achieve \"peace.\" It ends.";
        let got: Vec<_> = sentences(p).into_iter().map(|(s, e)| &p[s..e]).collect();
        assert_eq!(got, vec!["achieve \"peace.\"", "It ends."]);
    }

    #[test]
    fn converts_byte_offsets_to_code_points() {
        let text = "a皇b";
        let offsets = Offsets::new(text);
        assert_eq!(offsets.chars(0), 0);
        assert_eq!(offsets.chars(1), 1);
        assert_eq!(offsets.chars(4), 2);
        assert_eq!(offsets.chars(5), 3);
    }

    #[test]
    fn finds_sentences_and_substrings() {
        let text = "One two. Three four.";
        let mut finder = QuoteFinder::new(text, [(0, 8), (9, 20)]);
        assert_eq!(finder.find("Three four."), Some(9));
        assert_eq!(finder.find("two"), Some(4));
        assert_eq!(finder.find("five"), None);
    }
}
