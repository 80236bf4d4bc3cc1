//! CSV (RFC 4180: CRLF, quoting only where needed) and TSV (backslash escapes,
//! never quoting), both streamed a row at a time with reused buffers.

use std::io::{self, Write};

use rusqlite::types::ValueRef;

use super::{CellOptions, Sink, cell_text, neutralize};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How much encoded CSV is held before it goes to the output.
const BUFFER: usize = 64 * 1024;

/// CSV through csv-core's encoder, straight into a buffer of its own that is
/// written out whenever it fills: a cell of any size passes through in
/// pieces, and no row is ever held whole.
pub struct CsvSink {
    options: CellOptions,
    encoder: csv_core::Writer,
    buf: Vec<u8>,
    used: usize,
    scratch: String,
}

impl CsvSink {
    pub fn new(options: CellOptions) -> CsvSink {
        let encoder = csv_core::WriterBuilder::new()
            .terminator(csv_core::Terminator::CRLF)
            .quote_style(csv_core::QuoteStyle::Necessary)
            .build();
        CsvSink {
            options,
            encoder,
            buf: vec![0; BUFFER],
            used: 0,
            scratch: String::new(),
        }
    }

    fn drain(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(&self.buf[..self.used])?;
        self.used = 0;
        Ok(())
    }

    fn field(&mut self, out: &mut dyn Write, mut input: &[u8]) -> io::Result<()> {
        loop {
            let (result, read, written) = self.encoder.field(input, &mut self.buf[self.used..]);
            input = &input[read..];
            self.used += written;
            match result {
                csv_core::WriteResult::InputEmpty => return Ok(()),
                csv_core::WriteResult::OutputFull => self.drain(out)?,
            }
        }
    }

    /// Write what `encode` writes (a delimiter or a terminator), making room
    /// in the buffer first when it is full.
    fn end(
        &mut self,
        out: &mut dyn Write,
        encode: fn(&mut csv_core::Writer, &mut [u8]) -> (csv_core::WriteResult, usize),
    ) -> io::Result<()> {
        loop {
            let (result, written) = encode(&mut self.encoder, &mut self.buf[self.used..]);
            self.used += written;
            match result {
                csv_core::WriteResult::InputEmpty => return Ok(()),
                csv_core::WriteResult::OutputFull => self.drain(out)?,
            }
        }
    }

    fn delimiter(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.end(out, csv_core::Writer::delimiter)
    }

    fn terminator(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.end(out, csv_core::Writer::terminator)
    }
}

impl Sink for CsvSink {
    fn begin(&mut self, out: &mut dyn Write, columns: &[String]) -> io::Result<()> {
        if self.options.bom {
            out.write_all(BOM)?;
        }
        if self.options.header {
            for (i, column) in columns.iter().enumerate() {
                if i > 0 {
                    self.delimiter(out)?;
                }
                self.field(out, column.as_bytes())?;
            }
            self.terminator(out)?;
        }
        Ok(())
    }

    fn row(
        &mut self,
        out: &mut dyn Write,
        cells: &mut dyn Iterator<Item = ValueRef<'_>>,
    ) -> io::Result<()> {
        for (i, value) in cells.enumerate() {
            if i > 0 {
                self.delimiter(out)?;
            }
            let mut scratch = std::mem::take(&mut self.scratch);
            let bytes = cell_bytes(value, &mut scratch, self.options.excel);
            let written = self.field(out, bytes);
            self.scratch = scratch;
            written?;
        }
        self.terminator(out)?;
        if self.used >= BUFFER / 2 {
            self.drain(out)?;
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.drain(out)
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
    cell_text(value, scratch);
    if excel {
        neutralize(value, scratch);
    }
    scratch.as_bytes()
}

pub struct TsvSink {
    options: CellOptions,
    text: String,
}

impl TsvSink {
    pub fn new(options: CellOptions) -> TsvSink {
        TsvSink {
            options,
            text: String::new(),
        }
    }
}

/// Write a TSV field: the four characters that would break the format escaped.
fn tsv_field(out: &mut dyn Write, text: &[u8]) -> io::Result<()> {
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

impl Sink for TsvSink {
    fn begin(&mut self, out: &mut dyn Write, columns: &[String]) -> io::Result<()> {
        if self.options.bom {
            out.write_all(BOM)?;
        }
        if self.options.header {
            for (i, column) in columns.iter().enumerate() {
                if i > 0 {
                    out.write_all(b"\t")?;
                }
                tsv_field(out, column.as_bytes())?;
            }
            out.write_all(b"\n")?;
        }
        Ok(())
    }

    fn row(
        &mut self,
        out: &mut dyn Write,
        cells: &mut dyn Iterator<Item = ValueRef<'_>>,
    ) -> io::Result<()> {
        for (i, value) in cells.enumerate() {
            if i > 0 {
                out.write_all(b"\t")?;
            }
            let bytes = cell_bytes(value, &mut self.text, self.options.excel);
            tsv_field(out, bytes)?;
        }
        out.write_all(b"\n")
    }

    fn end(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}
