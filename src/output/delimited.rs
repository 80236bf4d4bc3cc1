//! CSV (RFC 4180, written by the csv crate: CRLF, quoting only where needed)
//! and TSV (backslash escapes, never quoting), a row at a time. The data is
//! written exactly; a blob is SQLite's literal `x'0a1b'`.

use std::io::{self, Write};

use rusqlite::types::ValueRef;

use super::text::{Blob, cell_text};
use super::{CellOptions, Sink};

/// The UTF-8 byte-order mark, written first with `--bom`.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

pub struct DelimitedSink<W> {
    out: W,
    tsv: bool,
    excel: bool,
    scratch: String,
}

impl<W: Write> DelimitedSink<W> {
    pub fn new(
        mut out: W,
        tsv: bool,
        options: CellOptions,
        columns: &[String],
    ) -> io::Result<Self> {
        if options.bom {
            out.write_all(BOM)?;
        }
        // A header is written as it is named, formula or not.
        let mut sink = DelimitedSink {
            out,
            tsv,
            excel: false,
            scratch: String::new(),
        };
        if options.header {
            let names: Vec<ValueRef> = columns
                .iter()
                .map(|c| ValueRef::Text(c.as_bytes()))
                .collect();
            sink.row(&names)?;
        }
        sink.excel = options.excel;
        Ok(sink)
    }
}

/// The bytes of a cell: text as it is stored (no copy), anything else
/// written into `scratch`. With `excel`, OWASP's advice against CSV
/// injection: a text cell a spreadsheet would run as a formula (it begins
/// with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`.
fn cell_bytes<'a>(value: ValueRef<'a>, scratch: &'a mut String, excel: bool) -> &'a [u8] {
    let formula = |text: &[u8]| excel && text.first().is_some_and(|b| b"=+-@\t\r".contains(b));
    match value {
        ValueRef::Text(text) if !formula(text) => return text,
        ValueRef::Integer(_) | ValueRef::Real(_) => cell_text(value, Blob::Hex, scratch),
        _ => {
            cell_text(value, Blob::Hex, scratch);
            if formula(scratch.as_bytes()) {
                scratch.insert(0, '\'');
            }
        }
    }
    scratch.as_bytes()
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
            let bytes = cell_bytes(value, &mut self.scratch, self.excel);
            if !self.tsv {
                csv.write_field(bytes)?;
                continue;
            }
            if i > 0 {
                self.out.write_all(b"\t")?;
            }
            tsv_field(&mut self.out, bytes)?;
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
