//! CSV (RFC 4180 through `csv::Writer`: CRLF, quoting only where needed) and
//! TSV (backslash escapes, never quoting), both streamed a row at a time.
//! The data is written exactly; a blob is SQLite's literal `x'0a1b'`.

use std::io::{self, Write};

use rusqlite::types::ValueRef;

use super::text::{Blob, cell_text, neutralize};
use super::{CellOptions, Cells, Sink};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// csv's own conversion to `io::Error` makes every error `Other`; keeping
/// the I/O error itself keeps a closed pipe recognisable as one.
fn io_error(err: csv::Error) -> io::Error {
    match err.into_kind() {
        csv::ErrorKind::Io(err) => err,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// CSV through `csv::Writer`, which passes a field of any size through its
/// own bounded buffer, so no row is ever held whole.
pub struct CsvSink<W: Write> {
    writer: csv::Writer<W>,
    excel: bool,
    scratch: String,
}

impl<W: Write> CsvSink<W> {
    pub fn new(mut out: W, options: CellOptions, columns: &[String]) -> io::Result<CsvSink<W>> {
        if options.bom {
            out.write_all(BOM)?;
        }
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .flexible(true)
            .from_writer(out);
        if options.header {
            writer.write_record(columns).map_err(io_error)?;
        }
        Ok(CsvSink {
            writer,
            excel: options.excel,
            scratch: String::new(),
        })
    }
}

impl<W: Write> Sink<W> for CsvSink<W> {
    fn row(&mut self, cells: &mut dyn Cells) -> io::Result<()> {
        cells.each(&mut |value| {
            let bytes = cell_bytes(value, &mut self.scratch, self.excel);
            self.writer.write_field(bytes).map_err(io_error)
        })?;
        self.writer.write_record(None::<&[u8]>).map_err(io_error)
    }

    fn end(self: Box<Self>) -> io::Result<W> {
        self.writer.into_inner().map_err(|e| e.into_error())
    }
}

/// The bytes of a cell for the delimited formats: text as it is stored (no
/// copy), anything else written into `scratch`; with `excel`, text that a
/// spreadsheet would run as a formula is neutralised.
fn cell_bytes<'a>(value: ValueRef<'a>, scratch: &'a mut String, excel: bool) -> &'a [u8] {
    if let ValueRef::Text(text) = value
        && !(excel && text.first().is_some_and(|b| b"=+-@\t\r".contains(b)))
    {
        return text;
    }
    cell_text(value, Blob::Hex, scratch);
    if excel {
        neutralize(value, scratch);
    }
    scratch.as_bytes()
}

pub struct TsvSink<W> {
    out: W,
    excel: bool,
    text: String,
}

impl<W: Write> TsvSink<W> {
    pub fn new(mut out: W, options: CellOptions, columns: &[String]) -> io::Result<TsvSink<W>> {
        if options.bom {
            out.write_all(BOM)?;
        }
        if options.header {
            for (i, column) in columns.iter().enumerate() {
                if i > 0 {
                    out.write_all(b"\t")?;
                }
                tsv_field(&mut out, column.as_bytes())?;
            }
            out.write_all(b"\n")?;
        }
        Ok(TsvSink {
            out,
            excel: options.excel,
            text: String::new(),
        })
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

impl<W: Write> Sink<W> for TsvSink<W> {
    fn row(&mut self, cells: &mut dyn Cells) -> io::Result<()> {
        let mut first = true;
        cells.each(&mut |value| {
            if !std::mem::take(&mut first) {
                self.out.write_all(b"\t")?;
            }
            let bytes = cell_bytes(value, &mut self.text, self.excel);
            tsv_field(&mut self.out, bytes)
        })?;
        self.out.write_all(b"\n")
    }

    fn end(self: Box<Self>) -> io::Result<W> {
        Ok(self.out)
    }
}
