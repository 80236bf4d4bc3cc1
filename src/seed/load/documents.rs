//! The documents: each source text checked against its digest, restored
//! through its corrections and omissions, cut into passages and sentences
//! and written.

use super::super::rows::{CorrectionRow, DocumentRow, OmissionRow, SeedFile};
use super::super::sha256_hex;
use super::super::text::{self, Layout, Offsets};
use super::super::write::Val;
use super::Table;
use super::loader::Loader;
use crate::output::delimited::BOM;

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

/// A row of documents.csv. One that failed its checks keeps only its line
/// and id (so that corrections naming it are not reported a second time) and
/// has no source.
#[derive(Default)]
struct DocumentInput {
    line: u64,
    id: String,
    title: String,
    publisher: String,
    published: String,
    source_file: String,
    sha256: String,
    url: Option<String>,
    source: Option<String>,
}

/// A row of corrections.csv: in the source of `document_id`, every `find`
/// becomes `replace_with`.
struct Correction {
    line: u64,
    document_id: String,
    find: String,
    replace_with: String,
    reason: String,
}

/// A row of omissions.csv: a whole line of the source that is not the paper's.
struct Omission {
    line: u64,
    document_id: String,
    text: String,
    reason: String,
}

impl Loader<'_> {
    /// Read documents.csv, corrections.csv and omissions.csv; restore, cut
    /// and write every document.
    pub(super) fn documents(&mut self) -> Vec<Doc> {
        let inputs = self.document_rows();
        let corrections = self.corrections(&inputs);
        let omissions = self.omissions(&inputs);
        let mut docs = Vec::new();
        let (mut passages, mut sentences) = (0, 0);
        for input in inputs {
            let id = input.id.as_str();
            let mine: Vec<_> = corrections.iter().filter(|c| c.document_id == id).collect();
            let omitted: Vec<_> = omissions.iter().filter(|o| o.document_id == id).collect();
            if let Some(doc) = self.document(&input, mine, omitted) {
                passages += doc.passages.len() as u64;
                sentences += doc.sentences.len() as u64;
                docs.push(doc);
            }
        }
        self.count("documents", docs.len() as u64);
        self.count("corrections", corrections.len() as u64);
        self.count("omissions", omissions.len() as u64);
        self.count("passages", passages);
        self.count("sentences", sentences);
        docs
    }

    fn document_rows(&mut self) -> Vec<DocumentInput> {
        let mut inputs: Vec<DocumentInput> = Vec::new();
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
            if let Some(url) = row.url
                && !(url.starts_with("http://") || url.starts_with("https://"))
            {
                let message = format!("`url` {url:?} must begin http:// or https://");
                this.problem(file, Some(line), message);
                ok = false;
            }
            ok &= this.required(file, line, "published", row.published)
                && this
                    .date(file, line, "published", Some(row.published))
                    .is_some();
            let source = this.source_text(line, &row);
            let input = DocumentInput {
                line,
                id: row.id.to_string(),
                ..Default::default()
            };
            inputs.push(match source {
                Some(source) if ok => DocumentInput {
                    title: row.title.to_string(),
                    publisher: row.publisher.to_string(),
                    published: row.published.to_string(),
                    source_file: row.source_file.to_string(),
                    sha256: row.source_sha256.to_string(),
                    url: row.url.map(str::to_string),
                    source: Some(source),
                    ..input
                },
                _ => input,
            });
        });
        if inputs.is_empty() && self.seed.get(file).is_some() {
            self.problem(file, None, "no documents: the seed needs at least one");
        }
        inputs
    }

    /// The source text a row of documents.csv names, when it is in the seed
    /// directory and is UTF-8. A digest that does not match is a problem of
    /// the row, but the text is still restored and the quotes found in it,
    /// so that what else is wrong (or nothing) is said in the same run.
    fn source_text(&mut self, line: u64, row: &DocumentRow<'_>) -> Option<String> {
        let file = DocumentRow::FILE;
        if !self.required(file, line, "source_file", row.source_file) {
            return None;
        }
        let Some(bytes) = self.seed.get(row.source_file) else {
            let message = format!(
                "source_file {:?} is not in the seed directory",
                row.source_file
            );
            self.problem(file, Some(line), message);
            return None;
        };
        let actual = sha256_hex(bytes);
        let matches = actual == row.source_sha256;
        if !matches {
            let resaved = resaved(bytes, row.source_sha256);
            let message = format!(
                "source_sha256 does not match {} (its SHA-256 is {actual}){}",
                row.source_file,
                if resaved.is_empty() {
                    ": if the text was changed on purpose, give that digest; the quotes are \
                     checked against the text as it is"
                } else {
                    resaved
                }
            );
            self.problem(file, Some(line), message);
        }
        match std::str::from_utf8(bytes) {
            // Checked all the same, so that what else is wrong is said now;
            // the digest's problem alone keeps the seed from loading.
            Ok(text) => Some(text.to_string()),
            Err(err) => {
                let message = format!("not valid UTF-8 (at byte {})", err.valid_up_to());
                self.problem(row.source_file, None, message);
                None
            }
        }
    }

    /// A correction or omission names a document of documents.csv.
    fn known_document(
        &mut self,
        inputs: &[DocumentInput],
        file: &str,
        line: u64,
        id: &str,
    ) -> bool {
        let known = inputs.iter().any(|d| d.id == id);
        if !known {
            self.problem(file, Some(line), format!("unknown document_id {id:?}"));
        }
        known
    }

    fn corrections(&mut self, inputs: &[DocumentInput]) -> Vec<Correction> {
        let mut corrections: Vec<Correction> = Vec::new();
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
                ok &= this.known_document(inputs, file, line, row.document_id);
                let duplicate = corrections
                    .iter()
                    .any(|c| c.document_id == row.document_id && c.find == row.find);
                if duplicate {
                    let message = format!("duplicate correction of {:?}", row.find);
                    this.problem(file, Some(line), message);
                    ok = false;
                }
                if ok {
                    corrections.push(Correction {
                        line,
                        document_id: row.document_id.to_string(),
                        find: row.find.to_string(),
                        replace_with: row.replace_with.to_string(),
                        reason: row.reason.to_string(),
                    });
                }
            },
        );
        corrections
    }

    fn omissions(&mut self, inputs: &[DocumentInput]) -> Vec<Omission> {
        let mut omissions = Vec::new();
        let file = OmissionRow::FILE;
        self.read_csv(file, OmissionRow::COLUMNS, |this, line, record, headers| {
            let Some(row) = this.parse::<OmissionRow>(file, line, record, headers) else {
                return;
            };
            let mut ok = this.required(file, line, "line", row.line);
            ok &= this.required(file, line, "reason", row.reason);
            ok &= this.known_document(inputs, file, line, row.document_id);
            if ok {
                omissions.push(Omission {
                    line,
                    document_id: row.document_id.to_string(),
                    text: row.line.to_string(),
                    reason: row.reason.to_string(),
                });
            }
        });
        omissions
    }

    /// Restore one document and lay it out; write it with its corrections,
    /// omissions, passages and sentences. None when it has no source or no
    /// paragraphs.
    fn document(
        &mut self,
        input: &DocumentInput,
        corrections: Vec<&Correction>,
        omissions: Vec<&Omission>,
    ) -> Option<Doc> {
        let source = input.source.as_deref()?;
        let pairs: Vec<(&str, &str)> = corrections
            .iter()
            .map(|c| (c.find.as_str(), c.replace_with.as_str()))
            .collect();
        let omitted: Vec<&str> = omissions.iter().map(|o| o.text.as_str()).collect();
        let (restored, occurrences, found) = text::restore_document(source, &pairs, &omitted);
        for (c, n) in corrections.iter().zip(&occurrences) {
            if *n == 0 {
                let message = format!(
                    "`find` {:?} does not occur in {}",
                    c.find, input.source_file
                );
                self.problem(CorrectionRow::FILE, Some(c.line), message);
            }
        }
        let layout = text::layout(&restored);
        for (o, found) in omissions.iter().zip(&found) {
            if !found {
                let message = format!("{:?} is not a whole line of {}", o.text, input.source_file);
                self.problem(OmissionRow::FILE, Some(o.line), message);
            }
        }
        if layout.passages.is_empty() {
            let message = format!(
                "{} has no paragraphs under a chapter heading (a line such as `VI. Title`)",
                input.source_file
            );
            self.problem(DocumentRow::FILE, Some(input.line), message);
            return None;
        }
        if self.ok() {
            self.write_document(input, &restored, &corrections, &occurrences, &omissions);
        }
        Some(self.passages(input, restored, layout))
    }

    fn write_document(
        &mut self,
        input: &DocumentInput,
        restored: &str,
        corrections: &[&Correction],
        occurrences: &[usize],
        omissions: &[&Omission],
    ) {
        let source = input.source.as_deref().unwrap_or_default();
        let values: [Val<'_>; 9] = [
            input.id.as_str().into(),
            input.title.as_str().into(),
            input.publisher.as_str().into(),
            input.published.as_str().into(),
            input.source_file.as_str().into(),
            source.into(),
            restored.into(),
            input.sha256.as_str().into(),
            input.url.as_deref().into(),
        ];
        self.out
            .row(Table::Documents, DocumentRow::FILE, input.line, values);
        for (c, n) in corrections.iter().zip(occurrences) {
            let values: [Val<'_>; 5] = [
                c.document_id.as_str().into(),
                c.find.as_str().into(),
                c.replace_with.as_str().into(),
                c.reason.as_str().into(),
                (*n as i64).into(),
            ];
            self.out
                .row(Table::Corrections, CorrectionRow::FILE, c.line, values);
        }
        for o in omissions {
            let values: [Val<'_>; 3] = [
                o.document_id.as_str().into(),
                o.text.as_str().into(),
                o.reason.as_str().into(),
            ];
            self.out
                .row(Table::Omissions, OmissionRow::FILE, o.line, values);
        }
    }

    /// Number and write the passages and sentences of a laid-out document.
    fn passages(&mut self, input: &DocumentInput, restored: String, layout: Layout) -> Doc {
        let mut doc = Doc {
            id: input.id.clone(),
            passages: Vec::with_capacity(layout.passages.len()),
            sentences: Vec::new(),
            headings: layout.headings,
            offsets: Offsets::new(&restored),
            text: String::new(),
        };
        let (file, line) = (DocumentRow::FILE, input.line);
        for passage in &layout.passages {
            let id = self.next_passage;
            self.next_passage += 1;
            let body = &restored[passage.start..passage.end];
            doc.passages.push((passage.start, passage.end, id));
            if self.ok() {
                let values: [Val<'_>; 8] = [
                    id.into(),
                    input.id.as_str().into(),
                    passage.section.as_str().into(),
                    passage.heading.as_str().into(),
                    i64::from(passage.ordinal).into(),
                    body.into(),
                    (doc.offsets.chars(passage.start) as i64).into(),
                    (doc.offsets.chars(passage.end) as i64).into(),
                ];
                self.out.row(Table::Passages, file, line, values);
            }
            for (ordinal, (start, end)) in text::sentences(body).into_iter().enumerate() {
                let (start, end) = (passage.start + start, passage.start + end);
                doc.sentences.push((start, end));
                let sentence_id = self.next_sentence;
                self.next_sentence += 1;
                if self.ok() {
                    let values: [Val<'_>; 6] = [
                        sentence_id.into(),
                        id.into(),
                        (ordinal as i64 + 1).into(),
                        (&restored[start..end]).into(),
                        (doc.offsets.chars(start) as i64).into(),
                        (doc.offsets.chars(end) as i64).into(),
                    ];
                    self.out.row(Table::Sentences, file, line, values);
                }
            }
        }
        doc.text = restored;
        doc
    }
}

/// What an editor did to a source text whose digest no longer matches,
/// when undoing it gives the digest back: ": it was saved with …".
fn resaved(bytes: &[u8], expected: &str) -> &'static str {
    let unbommed = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let lf: Vec<u8> = {
        let mut out = Vec::with_capacity(unbommed.len());
        let mut rest = unbommed;
        while let Some((&b, tail)) = rest.split_first() {
            if !(b == b'\r' && tail.first() == Some(&b'\n')) {
                out.push(b);
            }
            rest = tail;
        }
        out
    };
    let crlf = lf.len() < unbommed.len();
    let bom = unbommed.len() < bytes.len();
    if !(crlf || bom) || sha256_hex(&lf) != expected {
        return "";
    }
    match (bom, crlf) {
        (true, true) => {
            ": it was saved with a byte-order mark and CRLF line endings; save it as UTF-8 \
             without one, with LF line endings"
        }
        (true, false) => ": it was saved with a byte-order mark; save it as UTF-8 without one",
        _ => ": it was saved with CRLF line endings; save it with LF line endings",
    }
}

#[cfg(test)]
mod tests {
    use super::{resaved, sha256_hex};

    #[test]
    fn a_resaved_text_says_what_the_editor_did() {
        let text = b"one\ntwo\n";
        let digest = sha256_hex(text);
        assert_eq!(resaved(text, &digest), "");
        assert!(resaved(b"one\r\ntwo\r\n", &digest).contains("CRLF"));
        assert!(resaved(b"\xEF\xBB\xBFone\ntwo\n", &digest).contains("byte-order mark;"));
        let both = resaved(b"\xEF\xBB\xBFone\r\ntwo\r\n", &digest);
        assert!(both.contains("byte-order mark and CRLF"), "{both}");
        // Another change as well: nothing to say.
        assert_eq!(resaved(b"one\r\nthree\r\n", &digest), "");
        // A lone CR is not a line ending to take back.
        assert_eq!(resaved(b"one\rtwo\n", &sha256_hex(b"one\rtwo\n")), "");
    }
}
