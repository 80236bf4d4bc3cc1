//! The documents: each source text checked against its digest, restored
//! through its corrections and omissions, cut into passages and sentences
//! and written.

use super::super::rows::{CorrectionRow, DocumentRow, OmissionRow, SeedFile};
use super::super::sha256_hex;
use super::super::text::{self, Layout, Offsets};
use rusqlite::ToSql;

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

/// A row of documents.csv with its line and its source text: `None` when
/// the row failed its checks (it is kept, so that corrections naming it are
/// not reported a second time).
struct Input {
    line: u64,
    row: DocumentRow,
    source: Option<String>,
}

impl Loader<'_, '_> {
    /// Read documents.csv, corrections.csv and omissions.csv; restore, cut
    /// and write every document.
    pub(super) fn documents(&mut self) -> Vec<Doc> {
        let inputs = self.document_rows();
        let ids: Vec<&str> = inputs.iter().map(|input| input.row.id.as_str()).collect();
        // An empty `find` or line would match everywhere: it is not applied.
        let corrections = self.read_owned::<CorrectionRow>(&ids, |this, line, c| {
            let ok = this.required(CorrectionRow::FILE, line, "find", &c.find);
            let key = (c.document_id.clone(), c.find.clone());
            (ok, format!("duplicate correction of {:?}", c.find), key)
        });
        let omissions = self.read_owned::<OmissionRow>(&ids, |this, line, o| {
            let ok = this.required(OmissionRow::FILE, line, "line", &o.line);
            (ok, String::new(), (o.document_id.clone(), o.line.clone()))
        });
        let mut docs = Vec::new();
        for input in &inputs {
            let id = input.row.id.as_str();
            let mine: Vec<_> = corrections
                .iter()
                .filter(|c| c.1.document_id == id)
                .collect();
            let omitted: Vec<_> = omissions.iter().filter(|o| o.1.document_id == id).collect();
            docs.extend(self.document(input, &mine, &omitted));
        }
        docs
    }

    fn document_rows(&mut self) -> Vec<Input> {
        let mut inputs: Vec<Input> = Vec::new();
        let file = DocumentRow::FILE;
        self.read_csv(file, DocumentRow::COLUMNS, |this, line, record, headers| {
            let Some(row) = this.parse::<DocumentRow>(file, line, record, headers) else {
                return;
            };
            // The schema holds the row's fields to their rules as it goes in;
            // a second document of an id is not laid out again.
            if inputs.iter().any(|d| d.row.id == row.id) {
                this.problem(file, Some(line), format!("duplicate id {:?}", row.id));
                return inputs.push(Input {
                    line,
                    row,
                    source: None,
                });
            }
            let source = this.source_text(line, &row);
            inputs.push(Input { line, row, source });
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
    fn source_text(&mut self, line: u64, row: &DocumentRow) -> Option<String> {
        let file = DocumentRow::FILE;
        if !self.required(file, line, "source_file", &row.source_file) {
            return None;
        }
        let Some(bytes) = self.seed.get(&row.source_file) else {
            let message = format!(
                "source_file {:?} is not in the seed directory",
                row.source_file
            );
            self.problem(file, Some(line), message);
            return None;
        };
        let actual = sha256_hex(bytes);
        if actual != row.source_sha256 {
            let resaved = resaved(bytes, &row.source_sha256);
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
                self.problem(&row.source_file, None, message);
                None
            }
        }
    }

    /// The rows of corrections.csv or omissions.csv, with their lines: each
    /// names a document of documents.csv and passes `check`, which says
    /// whether its fields are right, what a second row with the same key is
    /// told, and that key.
    fn read_owned<R: SeedFile + serde::de::DeserializeOwned>(
        &mut self,
        documents: &[&str],
        check: impl Fn(&mut Self, u64, &R) -> (bool, String, (String, String)),
    ) -> Vec<(u64, R)> {
        let mut rows: Vec<(u64, R)> = Vec::new();
        let mut keys: Vec<(String, String)> = Vec::new();
        self.read_csv(R::FILE, R::COLUMNS, |this, line, record, headers| {
            let Some(row) = this.parse::<R>(R::FILE, line, record, headers) else {
                return;
            };
            let (mut ok, duplicate, key) = check(this, line, &row);
            if !documents.contains(&key.0.as_str()) {
                let message = format!("unknown document_id {:?}", key.0);
                this.problem(R::FILE, Some(line), message);
                ok = false;
            }
            if !duplicate.is_empty() && keys.contains(&key) {
                this.problem(R::FILE, Some(line), duplicate);
                ok = false;
            }
            if ok {
                keys.push(key);
                rows.push((line, row));
            }
        });
        rows
    }

    /// Restore one document and lay it out; write it with its corrections,
    /// omissions, passages and sentences. None when it has no source or no
    /// paragraphs.
    fn document(
        &mut self,
        input: &Input,
        corrections: &[&(u64, CorrectionRow)],
        omissions: &[&(u64, OmissionRow)],
    ) -> Option<Doc> {
        let source = input.source.as_deref()?;
        let source_file = &input.row.source_file;
        let pairs: Vec<(&str, &str)> = corrections
            .iter()
            .map(|(_, c)| (c.find.as_str(), c.replace_with.as_str()))
            .collect();
        let omitted: Vec<&str> = omissions.iter().map(|(_, o)| o.line.as_str()).collect();
        let (restored, occurrences, found) = text::restore_document(source, &pairs, &omitted);
        for ((line, c), n) in corrections.iter().zip(&occurrences) {
            if *n == 0 {
                let message = format!("`find` {:?} does not occur in {source_file}", c.find);
                self.problem(CorrectionRow::FILE, Some(*line), message);
            }
        }
        for ((line, o), found) in omissions.iter().zip(&found) {
            if !found {
                let message = format!("{:?} is not a whole line of {source_file}", o.line);
                self.problem(OmissionRow::FILE, Some(*line), message);
            }
        }
        let layout = text::layout(&restored);
        if layout.passages.is_empty() {
            let message = format!(
                "{source_file} has no paragraphs under a chapter heading (a line such as `VI. Title`)"
            );
            self.problem(DocumentRow::FILE, Some(input.line), message);
            return None;
        }
        let mut values = input.row.values();
        values.extend([("source_text", &source as &dyn ToSql), ("text", &restored)]);
        self.insert(DocumentRow::FILE, input.line, "documents", &values);
        // A correction that does not occur is told above.
        for ((line, c), n) in corrections
            .iter()
            .zip(&occurrences)
            .filter(|(_, n)| **n > 0)
        {
            let mut values = c.values();
            let n = *n as i64;
            values.push(("occurrences", &n));
            self.insert(CorrectionRow::FILE, *line, "corrections", &values);
        }
        for (line, o) in omissions {
            self.insert(OmissionRow::FILE, *line, "omissions", &o.values());
        }
        Some(self.passages(input, restored, layout))
    }

    /// Number and write the passages and sentences of a laid-out document.
    fn passages(&mut self, input: &Input, restored: String, layout: Layout) -> Doc {
        let offsets = Offsets::new(&restored);
        let chars = |byte| offsets.chars(byte) as i64;
        let (mut passages, mut sentences) = (Vec::with_capacity(layout.passages.len()), vec![]);
        let (file, line, document_id) = (DocumentRow::FILE, input.line, &input.row.id);
        for passage in &layout.passages {
            let body = &restored[passage.start..passage.end];
            let (start, end) = (chars(passage.start), chars(passage.end));
            let values: [(&str, &dyn ToSql); 7] = [
                ("document_id", document_id),
                ("section", &passage.section),
                ("heading", &passage.heading),
                ("ordinal", &passage.ordinal),
                ("text", &body),
                ("start_offset", &start),
                ("end_offset", &end),
            ];
            let id = self.insert(file, line, "passages", &values);
            passages.push((passage.start, passage.end, id));
            for (ordinal, (start, end)) in text::sentences(body).into_iter().enumerate() {
                let (start, end) = (passage.start + start, passage.start + end);
                sentences.push((start, end));
                let (text, ordinal) = (&restored[start..end], ordinal as i64 + 1);
                let (start, end) = (chars(start), chars(end));
                let values: [(&str, &dyn ToSql); 5] = [
                    ("passage_id", &id),
                    ("ordinal", &ordinal),
                    ("text", &text),
                    ("start_offset", &start),
                    ("end_offset", &end),
                ];
                self.insert(file, line, "sentences", &values);
            }
        }
        Doc {
            id: document_id.clone(),
            text: restored,
            offsets,
            passages,
            sentences,
            headings: layout.headings,
        }
    }
}

/// What an editor did to a source text whose digest no longer matches,
/// when undoing it gives the digest back: ": it was saved with …".
fn resaved(bytes: &[u8], expected: &str) -> &'static str {
    let unbommed = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let lf: Vec<u8> = (unbommed.iter().enumerate())
        .filter(|&(i, &b)| !(b == b'\r' && unbommed.get(i + 1) == Some(&b'\n')))
        .map(|(_, &b)| b)
        .collect();
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
