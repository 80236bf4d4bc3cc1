//! The documents: each source text checked against its digest, restored
//! through its corrections, cut into passages and sentences and written; and
//! the quote finder that places every fact's quote in them.

use super::super::rows::{CorrectionRow, DocumentRow, OmissionRow, SeedFile};
use super::super::sha256_hex;
use super::super::text::{self, Offsets, QuoteFinder};
use super::loader::Loader;
use super::{S_CORRECTION, S_DOCUMENT, S_OMISSION, S_PASSAGE, S_SENTENCE};

/// A restored document, with what quotes are checked against.
pub(super) struct Doc {
    pub(super) id: String,
    pub(super) text: String,
    pub(super) offsets: Offsets,
    /// (byte start, byte end, passage id), in text order.
    pub(super) passages: Vec<(usize, usize, i64)>,
    /// Byte ranges of every sentence.
    pub(super) sentences: Vec<(usize, usize)>,
    pub(super) headings: Vec<text::Heading>,
}

/// Where a quote was found: passage and code-point offsets.
pub(super) struct Found {
    pub(super) passage_id: i64,
    pub(super) start: i64,
    pub(super) end: i64,
}

/// Finds quotes across all documents.
pub(super) struct Quotes<'d, 'f> {
    pub(super) docs: &'d [Doc],
    pub(super) finders: &'f mut Vec<QuoteFinder<'d>>,
}

impl Quotes<'_, '_> {
    pub(super) fn find(&mut self, quote: &str) -> Result<Found, String> {
        for (doc, finder) in self.docs.iter().zip(self.finders.iter_mut()) {
            let Some(at) = finder.find(quote) else {
                continue;
            };
            let end = at + quote.len();
            let i = doc.passages.partition_point(|&(start, _, _)| start <= at);
            return match i.checked_sub(1).map(|i| doc.passages[i]) {
                Some((_, passage_end, passage_id)) if end <= passage_end => Ok(Found {
                    passage_id,
                    start: doc.offsets.chars(at) as i64,
                    end: doc.offsets.chars(end) as i64,
                }),
                _ => Err(format!(
                    "the quote is in {} but not inside one paragraph (headings, title lines and omitted lines are not quotable)",
                    doc.id
                )),
            };
        }
        Err(self.explain_missing(quote))
    }

    /// Say where a quote stops matching the text, to make a typo easy to find.
    pub(super) fn explain_missing(&self, quote: &str) -> String {
        let mut best = 0;
        for doc in self.docs {
            // The longest prefix of the quote that occurs in the text.
            let (mut lo, mut hi) = (0usize, quote.len());
            while lo < hi {
                let mid = (lo + hi).div_ceil(2);
                let mid = (mid..=hi)
                    .find(|&m| quote.is_char_boundary(m))
                    .unwrap_or(hi);
                if doc.text.contains(&quote[..mid]) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                    while !quote.is_char_boundary(hi) {
                        hi -= 1;
                    }
                }
            }
            best = best.max(lo);
        }
        if best == 0 {
            "the quote is not in the text (quotes are verbatim from the restored text)".to_string()
        } else {
            let tail: String = quote[best..].chars().take(30).collect();
            format!("the quote is not in the text: it departs from the text at {tail:?}")
        }
    }
}

impl Loader<'_> {
    pub(super) fn documents(&mut self) -> Vec<Doc> {
        struct DocInput {
            line: u64,
            id: String,
            title: String,
            publisher: String,
            published: String,
            source_file: String,
            sha256: String,
            source: Option<String>,
        }
        /// A correction or omission names a document of documents.csv.
        fn known_document(
            this: &mut Loader<'_>,
            inputs: &[DocInput],
            file: &str,
            line: u64,
            id: &str,
        ) -> bool {
            let known = inputs.iter().any(|d| d.id == id);
            if !known {
                this.problem(file, Some(line), format!("unknown document_id {id:?}"));
            }
            known
        }
        let mut inputs: Vec<DocInput> = Vec::new();
        let file = DocumentRow::FILE;
        self.read_csv(file, DocumentRow::COLUMNS, |this, line, record, headers| {
            let Some(row) = this.parse::<DocumentRow>(file, line, record, headers) else {
                return;
            };
            let mut ok = this.slug(file, line, "id", row.id);
            if inputs.iter().any(|d| d.id == row.id) {
                this.problem(file, Some(line), format!("duplicate id {:?}", row.id));
                ok = false;
            }
            ok &= this.required(file, line, "title", row.title);
            ok &= this.required(file, line, "publisher", row.publisher);
            ok &= this.required(file, line, "published", row.published)
                && this
                    .date(file, line, "published", Some(row.published))
                    .is_some();
            let mut source = None;
            if this.required(file, line, "source_file", row.source_file) {
                match this.seed.get(row.source_file) {
                    None => {
                        this.problem(
                            file,
                            Some(line),
                            format!(
                                "source_file {:?} is not in the seed directory",
                                row.source_file
                            ),
                        );
                        ok = false;
                    }
                    Some(bytes) => {
                        let actual = sha256_hex(bytes);
                        if actual != row.source_sha256 {
                            this.problem(
                                file,
                                Some(line),
                                format!(
                                    "source_sha256 does not match {} (its SHA-256 is {actual})",
                                    row.source_file
                                ),
                            );
                            ok = false;
                        }
                        match std::str::from_utf8(bytes) {
                            Ok(text) => source = Some(text.to_string()),
                            Err(err) => {
                                this.problem(
                                    row.source_file,
                                    None,
                                    format!("not valid UTF-8 (at byte {})", err.valid_up_to()),
                                );
                                ok = false;
                            }
                        }
                    }
                }
            }
            if ok {
                inputs.push(DocInput {
                    line,
                    id: row.id.to_string(),
                    title: row.title.to_string(),
                    publisher: row.publisher.to_string(),
                    published: row.published.to_string(),
                    source_file: row.source_file.to_string(),
                    sha256: row.source_sha256.to_string(),
                    source,
                });
            } else {
                inputs.push(DocInput {
                    line,
                    id: row.id.to_string(),
                    title: String::new(),
                    publisher: String::new(),
                    published: String::new(),
                    source_file: String::new(),
                    sha256: String::new(),
                    source: None,
                });
            }
        });
        if inputs.is_empty() && self.seed.get(file).is_some() {
            self.problem(file, None, "no documents: the seed needs at least one");
        }

        // Corrections and omissions, per document, with their lines.
        let mut corrections: Vec<(u64, String, String, String, String)> = Vec::new();
        let file = CorrectionRow::FILE;
        self.read_csv(
            file,
            CorrectionRow::COLUMNS,
            |this, line, record, headers| {
                let Some(row) = this.parse::<CorrectionRow>(file, line, record, headers) else {
                    return;
                };
                let mut ok = this.required(file, line, "find", row.find);
                ok &= this.required(file, line, "reason", row.reason);
                ok &= known_document(this, &inputs, file, line, row.document_id);
                if corrections
                    .iter()
                    .any(|c| c.1 == row.document_id && c.2 == row.find)
                {
                    this.problem(
                        file,
                        Some(line),
                        format!("duplicate correction of {:?}", row.find),
                    );
                    ok = false;
                }
                if ok {
                    corrections.push((
                        line,
                        row.document_id.to_string(),
                        row.find.to_string(),
                        row.replace_with.to_string(),
                        row.reason.to_string(),
                    ));
                }
            },
        );
        let mut omissions: Vec<(u64, String, String, String)> = Vec::new();
        let file = OmissionRow::FILE;
        self.read_csv(file, OmissionRow::COLUMNS, |this, line, record, headers| {
            let Some(row) = this.parse::<OmissionRow>(file, line, record, headers) else {
                return;
            };
            let mut ok = this.required(file, line, "line", row.line);
            ok &= this.required(file, line, "reason", row.reason);
            ok &= known_document(this, &inputs, file, line, row.document_id);
            if ok {
                omissions.push((
                    line,
                    row.document_id.to_string(),
                    row.line.to_string(),
                    row.reason.to_string(),
                ));
            }
        });

        let mut docs = Vec::new();
        let (mut n_passages, mut n_sentences) = (0, 0);
        for input in inputs {
            let Some(source) = input.source else {
                continue;
            };
            let mine: Vec<_> = corrections.iter().filter(|c| c.1 == input.id).collect();
            let pairs: Vec<(&str, &str)> =
                mine.iter().map(|c| (c.2.as_str(), c.3.as_str())).collect();
            let (restored, occurrences) = text::restore(&source, &pairs);
            for (c, n) in mine.iter().zip(&occurrences) {
                if *n == 0 {
                    self.problem(
                        CorrectionRow::FILE,
                        Some(c.0),
                        format!("`find` {:?} does not occur in {}", c.2, input.source_file),
                    );
                }
            }
            let my_omissions: Vec<_> = omissions.iter().filter(|o| o.1 == input.id).collect();
            let omitted: Vec<&str> = my_omissions.iter().map(|o| o.2.as_str()).collect();
            let layout = text::layout(&restored, &omitted);
            for (o, found) in my_omissions.iter().zip(&layout.omitted_found) {
                if !found {
                    self.problem(
                        OmissionRow::FILE,
                        Some(o.0),
                        format!("{:?} is not a whole line of {}", o.2, input.source_file),
                    );
                }
            }
            if layout.passages.is_empty() {
                self.problem(
                    DocumentRow::FILE,
                    Some(input.line),
                    format!(
                        "{} has no paragraphs under a chapter heading (a line such as `VI. Title`)",
                        input.source_file
                    ),
                );
                continue;
            }
            let offsets = Offsets::new(&restored);
            let mut doc = Doc {
                id: input.id.clone(),
                passages: Vec::with_capacity(layout.passages.len()),
                sentences: Vec::new(),
                headings: layout.headings,
                offsets,
                text: String::new(),
            };
            if self.ok() {
                self.out.row(
                    S_DOCUMENT,
                    DocumentRow::FILE,
                    input.line,
                    &[
                        (&input.id).into(),
                        (&input.title).into(),
                        (&input.publisher).into(),
                        (&input.published).into(),
                        (&input.source_file).into(),
                        (&source).into(),
                        (&restored).into(),
                        (&input.sha256).into(),
                    ],
                );
                for (c, n) in mine.iter().zip(&occurrences) {
                    let values = [
                        (&c.1).into(),
                        (&c.2).into(),
                        (&c.3).into(),
                        (&c.4).into(),
                        (*n as i64).into(),
                    ];
                    self.out
                        .row(S_CORRECTION, CorrectionRow::FILE, c.0, &values);
                }
                for o in &my_omissions {
                    let values = [(&o.1).into(), (&o.2).into(), (&o.3).into()];
                    self.out.row(S_OMISSION, OmissionRow::FILE, o.0, &values);
                }
            }
            for passage in &layout.passages {
                let id = self.next_passage;
                self.next_passage += 1;
                let body = &restored[passage.start..passage.end];
                doc.passages.push((passage.start, passage.end, id));
                if self.ok() {
                    let values = [
                        id.into(),
                        (&input.id).into(),
                        (&passage.section).into(),
                        (&passage.heading).into(),
                        i64::from(passage.ordinal).into(),
                        body.into(),
                        (doc.offsets.chars(passage.start) as i64).into(),
                        (doc.offsets.chars(passage.end) as i64).into(),
                    ];
                    self.out
                        .row(S_PASSAGE, DocumentRow::FILE, input.line, &values);
                }
                n_passages += 1;
                for (ordinal, (start, end)) in text::sentences(body).into_iter().enumerate() {
                    let (start, end) = (passage.start + start, passage.start + end);
                    doc.sentences.push((start, end));
                    let sentence_id = self.next_sentence;
                    self.next_sentence += 1;
                    n_sentences += 1;
                    if self.ok() {
                        let values = [
                            sentence_id.into(),
                            id.into(),
                            (ordinal as i64 + 1).into(),
                            (&restored[start..end]).into(),
                            (doc.offsets.chars(start) as i64).into(),
                            (doc.offsets.chars(end) as i64).into(),
                        ];
                        self.out
                            .row(S_SENTENCE, DocumentRow::FILE, input.line, &values);
                    }
                }
            }
            doc.text = restored;
            docs.push(doc);
        }
        self.count("documents", docs.len() as u64);
        self.count("corrections", corrections.len() as u64);
        self.count("omissions", omissions.len() as u64);
        self.count("passages", n_passages);
        self.count("sentences", n_sentences);
        docs
    }
}
