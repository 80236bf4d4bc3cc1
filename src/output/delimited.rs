//! CSV (RFC 4180: CRLF, quoting only where needed) and TSV (backslash escapes,
//! never quoting), both streamed a row at a time with reused buffers.

use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;

use rusqlite::types::ValueRef;

use super::{CellOptions, Sink, cell_text, neutralize};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A byte buffer shared between the csv encoder, which writes into it, and
/// the sink, which moves its contents to the output.
#[derive(Clone, Default)]
struct Shared(Rc<RefCell<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

pub struct CsvSink {
    options: CellOptions,
    /// The csv crate's encoder, writing into `encoded`.
    writer: csv::Writer<Shared>,
    encoded: Shared,
    text: String,
}

impl CsvSink {
    pub fn new(options: CellOptions) -> CsvSink {
        let writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .has_headers(false)
            .from_writer(Shared::default());
        CsvSink {
            options,
            encoded: writer.get_ref().clone(),
            writer,
            text: String::new(),
        }
    }

    /// Move what the encoder holds to the output.
    fn drain(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.writer.flush()?;
        let mut buf = self.encoded.0.borrow_mut();
        out.write_all(&buf)?;
        buf.clear();
        Ok(())
    }
}

fn csv_io(err: csv::Error) -> io::Error {
    match err.into_kind() {
        csv::ErrorKind::Io(err) => err,
        other => io::Error::other(format!("{other:?}")),
    }
}

impl Sink for CsvSink {
    fn begin(&mut self, out: &mut dyn Write, columns: &[String]) -> io::Result<()> {
        if self.options.bom {
            out.write_all(BOM)?;
        }
        if self.options.header {
            self.writer.write_record(columns).map_err(csv_io)?;
            self.drain(out)?;
        }
        Ok(())
    }

    fn row(
        &mut self,
        out: &mut dyn Write,
        cells: &mut dyn Iterator<Item = ValueRef<'_>>,
    ) -> io::Result<()> {
        let mut any = false;
        for value in cells {
            cell_text(value, &mut self.text);
            if self.options.excel {
                neutralize(value, &mut self.text);
            }
            self.writer.write_field(&self.text).map_err(csv_io)?;
            any = true;
        }
        if !any {
            // A row of no columns is still a line.
            self.writer.write_field("").map_err(csv_io)?;
        }
        self.writer.write_record(None::<&[u8]>).map_err(csv_io)?;
        if self.encoded.0.borrow().len() >= 32 * 1024 {
            self.drain(out)?;
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.drain(out)
    }
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
fn tsv_field(out: &mut dyn Write, text: &str) -> io::Result<()> {
    let mut rest = text;
    while let Some(i) = rest.find(['\t', '\n', '\r', '\\']) {
        out.write_all(&rest.as_bytes()[..i])?;
        out.write_all(match rest.as_bytes()[i] {
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            _ => b"\\\\",
        })?;
        rest = &rest[i + 1..];
    }
    out.write_all(rest.as_bytes())
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
                tsv_field(out, column)?;
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
            cell_text(value, &mut self.text);
            if self.options.excel {
                neutralize(value, &mut self.text);
            }
            tsv_field(out, &self.text)?;
        }
        out.write_all(b"\n")
    }

    fn end(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}
