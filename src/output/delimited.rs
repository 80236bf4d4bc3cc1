//! CSV (RFC 4180: CRLF, quoting only where needed, as `csv::Writer` writes
//! it) and TSV (backslash escapes, never quoting), both streamed a row at a
//! time. The data is written exactly; a blob is SQLite's literal `x'0a1b'`.

use std::io::{self, Write};

use rusqlite::types::ValueRef;

use super::text::{Blob, cell_text, formula_start, neutralize};
use super::{CellOptions, Cells, Sink};

/// The UTF-8 byte-order mark, written first with `--bom`.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Whether a CSV field holding these bytes is quoted: it holds the
/// delimiter, the quote or a line end.
pub fn needs_quotes(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
}

/// One CSV record being written, a field or a piece of a field at a time,
/// byte for byte as `csv::Writer` writes it with CRLF line ends and quoting
/// where needed. Written straight to the output: a field of any size costs
/// one pass to see whether it needs quotes and one to write it (`csv`
/// looks ahead for the next quote each time its buffer fills, which takes
/// minutes over a field of tens of megabytes).
pub struct CsvRecord<'o, W: Write> {
    out: &'o mut W,
    fields: usize,
    bytes: u64,
}

impl<'o, W: Write> CsvRecord<'o, W> {
    pub fn new(out: &'o mut W) -> CsvRecord<'o, W> {
        CsvRecord {
            out,
            fields: 0,
            bytes: 0,
        }
    }

    /// Write bytes as they are.
    pub fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.bytes += bytes.len() as u64;
        self.out.write_all(bytes)
    }

    /// Start a field: a delimiter before all but the first.
    pub fn start(&mut self) -> io::Result<()> {
        if self.fields > 0 {
            self.put(b",")?;
        }
        self.fields += 1;
        Ok(())
    }

    /// Write part of a field's content, quotes doubled if it is quoted.
    pub fn content(&mut self, bytes: &[u8], quoting: bool) -> io::Result<()> {
        if !quoting {
            return self.put(bytes);
        }
        let mut rest = bytes;
        while let Some(i) = rest.iter().position(|b| *b == b'"') {
            self.put(&rest[..=i])?;
            self.put(b"\"")?;
            rest = &rest[i + 1..];
        }
        self.put(rest)
    }

    /// A whole field.
    pub fn field(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.start()?;
        let quoting = needs_quotes(bytes);
        if quoting {
            self.put(b"\"")?;
        }
        self.content(bytes, quoting)?;
        if quoting {
            self.put(b"\"")?;
        }
        Ok(())
    }

    /// End the record; one of no bytes at all (a single empty field) is
    /// written `""`, so that it is not read as a blank line.
    pub fn end(mut self) -> io::Result<()> {
        if self.bytes == 0 {
            self.put(b"\"\"")?;
        }
        self.put(b"\r\n")
    }
}

/// CSV a row at a time, straight to the output.
pub struct CsvSink<W: Write> {
    out: W,
    excel: bool,
    scratch: String,
}

impl<W: Write> CsvSink<W> {
    pub fn new(mut out: W, options: CellOptions, columns: &[String]) -> io::Result<CsvSink<W>> {
        if options.bom {
            out.write_all(BOM)?;
        }
        if options.header {
            let mut record = CsvRecord::new(&mut out);
            for column in columns {
                record.field(column.as_bytes())?;
            }
            record.end()?;
        }
        Ok(CsvSink {
            out,
            excel: options.excel,
            scratch: String::new(),
        })
    }
}

impl<W: Write> Sink<W> for CsvSink<W> {
    fn row(&mut self, cells: &mut dyn Cells) -> io::Result<()> {
        let mut record = CsvRecord::new(&mut self.out);
        let (scratch, excel) = (&mut self.scratch, self.excel);
        cells.each(&mut |value| record.field(cell_bytes(value, scratch, excel)))?;
        record.end()
    }

    fn end(self: Box<Self>) -> io::Result<W> {
        Ok(self.out)
    }
}

/// The bytes of a cell for the delimited formats: text as it is stored (no
/// copy), anything else written into `scratch`; with `excel`, text that a
/// spreadsheet would run as a formula is neutralised.
fn cell_bytes<'a>(value: ValueRef<'a>, scratch: &'a mut String, excel: bool) -> &'a [u8] {
    if let ValueRef::Text(text) = value
        && !(excel && formula_start(text))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A record as `csv::Writer` writes it, the reference for CSV.
    fn by_csv(fields: &[&[u8]]) -> Vec<u8> {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .flexible(true)
            .from_writer(Vec::new());
        writer.write_record(fields).unwrap();
        writer.into_inner().unwrap()
    }

    fn by_record(fields: &[&[u8]]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut record = CsvRecord::new(&mut out);
        for field in fields {
            record.field(field).unwrap();
        }
        record.end().unwrap();
        out
    }

    #[test]
    fn records_are_written_as_the_csv_crate_writes_them() {
        let long = "a\"b,c\r\nd ".repeat(10_000);
        let cases: Vec<Vec<&[u8]>> = vec![
            vec![b""],
            vec![b"", b""],
            vec![b"plain", b"", b"x"],
            vec![b"a,b", b"say \"hi\"", b"line\nend", b"cr\r"],
            vec![
                b" leading and trailing ",
                b"#hash",
                b"'quote'",
                b"tab\there",
            ],
            vec!["é ü 中文".as_bytes(), b"\"", b"\"\""],
            vec![long.as_bytes(), b"after"],
        ];
        for fields in cases {
            assert_eq!(
                String::from_utf8(by_record(&fields)).unwrap(),
                String::from_utf8(by_csv(&fields)).unwrap()
            );
        }
    }
}
