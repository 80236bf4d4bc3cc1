//! CSV (RFC 4180, written by the csv crate: CRLF, quoting only where needed)
//! and TSV (backslash escapes, never quoting), a row at a time. The data is
//! written exactly; a blob is SQLite's literal `x'0a1b'`.

use std::borrow::Cow;
use std::io::{self, Write};

use rusqlite::types::ValueRef;

use super::text::{Blob, cell_text};
use super::{CellArgs, Sink};

/// The UTF-8 byte-order mark, written first with `--bom`.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

pub struct DelimitedSink<W> {
    out: W,
    tsv: bool,
    excel: bool,
}

impl<W: Write> DelimitedSink<W> {
    pub fn new(mut out: W, tsv: bool, cells: &CellArgs, columns: &[String]) -> io::Result<Self> {
        if cells.bom || cells.excel {
            out.write_all(BOM)?;
        }
        // A header is written as it is named, formula or not.
        let mut sink = DelimitedSink {
            out,
            tsv,
            excel: false,
        };
        if !cells.no_header {
            let names: Vec<ValueRef> = columns
                .iter()
                .map(|c| ValueRef::Text(c.as_bytes()))
                .collect();
            sink.row(&names)?;
        }
        sink.excel = cells.excel;
        Ok(sink)
    }
}

/// The bytes of a cell: text as it is stored (no copy). With `excel`,
/// OWASP's advice against CSV injection: a text cell a spreadsheet would run
/// as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage
/// return) gets a leading `'`.
fn cell_bytes(value: ValueRef<'_>, excel: bool) -> Cow<'_, [u8]> {
    let formula = |text: &[u8]| excel && text.first().is_some_and(|b| b"=+-@\t\r".contains(b));
    match value {
        ValueRef::Text(text) if !formula(text) => Cow::Borrowed(text),
        ValueRef::Text(_) | ValueRef::Blob(_) | ValueRef::Null => {
            let text = cell_text(value, Blob::Hex);
            let guarded = if formula(text.as_bytes()) {
                format!("'{text}")
            } else {
                text
            };
            Cow::Owned(guarded.into_bytes())
        }
        _ => Cow::Owned(cell_text(value, Blob::Hex).into_bytes()),
    }
}

/// Write a TSV field: the four characters that would break the format escaped.
fn tsv_field(out: &mut impl Write, text: &[u8]) -> io::Result<()> {
    let mut rest = text;
    while let Some(i) = rest
        .iter()
        .position(|b| matches!(b, b'\t' | b'\n' | b'\r' | b'\\'))
    {
        out.write_all(&rest[..i])?;
        out.write_all(match rest[i] {
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            _ => b"\\\\",
        })?;
        rest = &rest[i + 1..];
    }
    out.write_all(rest)
}

impl<W: Write> Sink<W> for DelimitedSink<W> {
    fn row(&mut self, cells: &[ValueRef<'_>]) -> io::Result<()> {
        // Each row is written as it comes, so that on a terminal it shows:
        // a csv::Writer on the output itself would hold rows in its buffer.
        let mut csv = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        for (i, &value) in cells.iter().enumerate() {
            let bytes = cell_bytes(value, self.excel);
            if !self.tsv {
                csv.write_field(&bytes)?;
                continue;
            }
            if i > 0 {
                self.out.write_all(b"\t")?;
            }
            tsv_field(&mut self.out, &bytes)?;
        }
        if self.tsv {
            return self.out.write_all(b"\n");
        }
        csv.write_record(None::<&[u8]>)?;
        self.out
            .write_all(&csv.into_inner().map_err(|e| e.into_error())?)
    }

    fn end(self: Box<Self>) -> io::Result<W> {
        Ok(self.out)
    }
}
