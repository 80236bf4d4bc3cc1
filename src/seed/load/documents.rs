//! The documents: each source text checked against its digest, restored
//! through its corrections and omissions, cut into passages and sentences
//! and written.

use rusqlite::types::ToSqlOutput;

use super::super::directory::sha256_hex;
use super::super::text::{self, Layout, Offsets};
use super::loader::Loader;
use super::row::Row;
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
    /// Each heading's section and title.
    pub(super) headings: Vec<(String, String)>,
}

impl Loader<'_, '_> {
    /// Read documents.csv, corrections.csv and omissions.csv; restore, cut
    /// and write every document.
    pub(super) fn documents(&mut self) -> Vec<Doc> {
        // Each row with its source text: `None` when the row failed its
        // checks (it is kept, so that corrections naming it are not
        // reported a second time).
        let mut documents: Vec<(Row, Option<String>)> = Vec::new();
        self.read_csv("documents.csv", |this, row| {
            // The schema holds the row's fields to their rules as it goes in;
            // a second document of an id is not laid out again.
            let id = row.get("id");
            let source = if documents.iter().any(|(d, _)| d.get("id") == id) {
                this.wrong(&row, format!("duplicate id {id:?}"));
                None
            } else {
                this.source_text(&row)
            };
            documents.push((row, source));
        });
        if documents.is_empty() && self.seed.get("documents.csv").is_some() {
            self.problem(
                "documents.csv",
                None,
                "no documents: the seed needs at least one",
            );
        }
        let ids: Vec<&str> = documents.iter().map(|(d, _)| d.get("id")).collect();
        let corrections = self.applicable("corrections.csv", "find", &ids);
        let omissions = self.applicable("omissions.csv", "line", &ids);
        let mut docs = Vec::new();
        for (row, source) in &documents {
            let of = |r: &&Row| r.get("document_id") == row.get("id");
            let mine: Vec<&Row> = corrections.iter().filter(of).collect();
            let omitted: Vec<&Row> = omissions.iter().filter(of).collect();
            if let Some(source) = source {
                docs.extend(self.document(row, source, &mine, &omitted));
            }
        }
        docs
    }

    /// The source text a row of documents.csv names, when it is in the seed
    /// directory and is UTF-8. A digest that does not match is a problem of
    /// the row, but the text is still restored and the quotes found in it,
    /// so that what else is wrong (or nothing) is said in the same run.
    fn source_text(&mut self, row: &Row) -> Option<String> {
        let (source_file, expected) = (row.get("source_file"), row.get("source_sha256"));
        if !self.required(row, "source_file") {
            return None;
        }
        let Some(bytes) = self.seed.get(source_file) else {
            let message = format!("source_file {source_file:?} is not in the seed directory");
            self.wrong(row, message);
            return None;
        };
        let actual = sha256_hex(bytes);
        if actual != expected {
            let resaved = match resaved(bytes, expected) {
                "" => {
                    ": if the text was changed on purpose, give that digest; the quotes are \
                     checked against the text as it is"
                }
                resaved => resaved,
            };
            let message = format!(
                "source_sha256 does not match {source_file} (its SHA-256 is {actual}){resaved}"
            );
            self.wrong(row, message);
        }
        match std::str::from_utf8(bytes) {
            // Checked all the same, so that what else is wrong is said now;
            // the digest's problem alone keeps the seed from loading.
            Ok(text) => Some(text.to_string()),
            Err(err) => {
                let message = format!("not valid UTF-8 (at byte {})", err.valid_up_to());
                self.problem(source_file, None, message);
                None
            }
        }
    }

    /// The rows of corrections.csv or omissions.csv that can be applied:
    /// each names a document of documents.csv, and a `key` (what it finds)
    /// that is not empty (it would match everywhere) and not given twice.
    fn applicable(&mut self, file: &'static str, key: &str, documents: &[&str]) -> Vec<Row> {
        let mut rows: Vec<Row> = Vec::new();
        self.read_csv(file, |this, row| {
            let (document, found) = (row.get("document_id"), row.get(key));
            let mut ok = this.required(&row, key);
            if !documents.contains(&document) {
                this.wrong(&row, format!("unknown document_id {document:?}"));
                ok = false;
            } else if (rows.iter()).any(|r| r.get("document_id") == document && r.get(key) == found)
            {
                let message = format!("duplicate document_id and {key} {document:?} and {found:?}");
                this.wrong(&row, message);
                ok = false;
            }
            if ok {
                rows.push(row);
            }
        });
        rows
    }

    /// Restore one document and lay it out; write it with its corrections,
    /// omissions, passages and sentences. None when it has no paragraphs.
    fn document(
        &mut self,
        row: &Row,
        source: &str,
        corrections: &[&Row],
        omissions: &[&Row],
    ) -> Option<Doc> {
        let source_file = row.get("source_file");
        let pairs: Vec<(&str, &str)> = (corrections.iter())
            .map(|c| (c.get("find"), c.get("replace_with")))
            .collect();
        let omitted: Vec<&str> = omissions.iter().map(|o| o.get("line")).collect();
        let (restored, occurrences, found) = text::restore_document(source, &pairs, &omitted);
        for (correction, n) in corrections.iter().zip(occurrences) {
            if n == 0 {
                let find = correction.get("find");
                let message = format!("`find` {find:?} does not occur in {source_file}");
                self.wrong(correction, message);
            } else {
                self.write(correction, [("occurrences", ToSqlOutput::from(n as i64))]);
            }
        }
        for (omission, found) in omissions.iter().zip(found) {
            if !found {
                let line = omission.get("line");
                self.wrong(
                    omission,
                    format!("{line:?} is not a whole line of {source_file}"),
                );
            }
            self.write(omission, []);
        }
        let layout = text::layout(&restored);
        if layout.passages.is_empty() {
            let message = format!(
                "{source_file} has no paragraphs under a chapter heading (a line such as `VI. Title`)"
            );
            self.wrong(row, message);
            return None;
        }
        let values = row.values([
            ("source_text", source.into()),
            ("text", restored.as_str().into()),
        ]);
        self.insert(row.file, row.line, "documents", values);
        Some(self.passages(row, restored, layout))
    }

    /// Number and write the passages and sentences of a laid-out document.
    fn passages(&mut self, row: &Row, restored: String, layout: Layout) -> Doc {
        let offsets = Offsets::new(&restored);
        let chars = |byte| ToSqlOutput::from(offsets.chars(byte) as i64);
        let (mut passages, mut sentences) = (Vec::with_capacity(layout.passages.len()), vec![]);
        let (file, line, document_id) = (row.file, row.line, row.get("id"));
        for passage in &layout.passages {
            let body = &restored[passage.start..passage.end];
            let values = vec![
                ("document_id", document_id.into()),
                ("section", passage.section.as_str().into()),
                ("heading", passage.heading.as_str().into()),
                ("ordinal", passage.ordinal.into()),
                ("text", body.into()),
                ("start_offset", chars(passage.start)),
                ("end_offset", chars(passage.end)),
            ];
            let id = self.insert(file, line, "passages", values);
            passages.push((passage.start, passage.end, id));
            for (ordinal, (start, end)) in text::sentences(body).into_iter().enumerate() {
                let (start, end) = (passage.start + start, passage.start + end);
                sentences.push((start, end));
                let values = vec![
                    ("passage_id", id.into()),
                    ("ordinal", (ordinal as i64 + 1).into()),
                    ("text", restored[start..end].into()),
                    ("start_offset", chars(start)),
                    ("end_offset", chars(end)),
                ];
                self.insert(file, line, "sentences", values);
            }
        }
        Doc {
            id: document_id.to_string(),
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
