//! CSV (RFC 4180, written by the csv crate: CRLF, quoting only where needed)
//! and TSV (backslash escapes, never quoting), a row at a time. The data is
//! written exactly; a blob is SQLite's literal `x'0a1b'`.

use std::borrow::Cow;
use std::io::{self, Write};

use rusqlite::types::ValueRef;

use super::args::CellArgs;
use super::sink::Sink;
use super::text::{Blob, cell_text};

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
            let names = columns.iter().map(|c| ValueRef::Text(c.as_bytes()));
            sink.row(&names.collect::<Vec<_>>())?;
        }
        sink.excel = cells.excel;
        Ok(sink)
    }
}

/// The bytes of a cell: text as it is stored (no copy). With `excel`,
/// OWASP's advice against CSV injection: a text cell a spreadsheet would run
/// as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage
/// return) gets a leading `'`; a number, a blob's `x'..'` and NULL never do.
fn cell_bytes(value: ValueRef<'_>, excel: bool) -> Cow<'_, [u8]> {
    match value {
        ValueRef::Text(text) if excel && text.first().is_some_and(|b| b"=+-@\t\r".contains(b)) => {
            Cow::Owned([b"'", text].concat())
        }
        ValueRef::Text(text) => Cow::Borrowed(text),
        _ => Cow::Owned(cell_text(value, Blob::Hex).into_bytes()),
    }
}

/// A byte of a TSV field: the four that would break the format escaped.
fn tsv_byte(b: &u8) -> &[u8] {
    match b {
        b'\t' => b"\\t",
        b'\n' => b"\\n",
        b'\r' => b"\\r",
        b'\\' => b"\\\\",
        b => std::slice::from_ref(b),
    }
}

impl<W: Write> Sink<W> for DelimitedSink<W> {
    fn row(&mut self, cells: &[ValueRef<'_>]) -> io::Result<()> {
        let fields: Vec<Cow<[u8]>> = cells.iter().map(|&v| cell_bytes(v, self.excel)).collect();
        if self.tsv {
            let tsv = |f: &Cow<[u8]>| f.iter().flat_map(tsv_byte).copied().collect::<Vec<_>>();
            let fields: Vec<Vec<u8>> = fields.iter().map(tsv).collect();
            self.out.write_all(&fields.join(&b'\t'))?;
            return self.out.write_all(b"\n");
        }
        // Each row is written as it comes, so that on a terminal it shows:
        // a csv::Writer on the output itself would hold rows in its buffer.
        let mut csv = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        csv.write_record(&fields)?;
        self.out
            .write_all(&csv.into_inner().map_err(|e| e.into_error())?)
    }

    fn end(self: Box<Self>) -> io::Result<W> {
        Ok(self.out)
    }
}
