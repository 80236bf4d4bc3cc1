//! CSV (RFC 4180: CRLF, quoting only where needed, byte for byte as
//! `csv::Writer` writes it) and TSV (backslash escapes, never quoting), both
//! streamed a row at a time. The data is written exactly; a blob is
//! SQLite's literal `x'0a1b'`.

use std::io::{self, Write};

use rusqlite::types::ValueRef;

use super::text::{Blob, cell_text, formula_start, neutralize};
use super::{CellOptions, Sink};

/// The UTF-8 byte-order mark, written first with `--bom`.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One CSV field as `csv::Writer` writes it: quoted, its quotes doubled,
/// only when it holds a comma, a quote or a line end.
fn csv_field(out: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    if !bytes
        .iter()
        .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
    {
        return out.write_all(bytes);
    }
    out.write_all(b"\"")?;
    for (i, part) in bytes.split(|b| *b == b'"').enumerate() {
        if i > 0 {
            out.write_all(b"\"\"")?;
        }
        out.write_all(part)?;
    }
    out.write_all(b"\"")
}

/// The CRLF that ends a record; a record of one empty field is written
/// `""`, so that it is not read as a blank line.
fn end_record(out: &mut impl Write, blank: bool) -> io::Result<()> {
    out.write_all(if blank { b"\"\"\r\n" } else { b"\r\n" })
}

/// The column names as a row of text cells, for a header.
fn header(columns: &[String]) -> Vec<ValueRef<'_>> {
    columns
        .iter()
        .map(|c| ValueRef::Text(c.as_bytes()))
        .collect()
}

/// CSV a row at a time, written straight to the output, so that on a
/// terminal each row shows as it comes (`csv::Writer` would hold rows in its
/// buffer).
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
        // A header is written as it is named, formula or not.
        let mut sink = CsvSink {
            out,
            excel: false,
            scratch: String::new(),
        };
        if options.header {
            sink.row(&header(columns))?;
        }
        sink.excel = options.excel;
        Ok(sink)
    }
}

impl<W: Write> Sink<W> for CsvSink<W> {
    fn row(&mut self, cells: &[ValueRef<'_>]) -> io::Result<()> {
        let mut bytes = 0;
        for (i, &value) in cells.iter().enumerate() {
            if i > 0 {
                self.out.write_all(b",")?;
            }
            let field = cell_bytes(value, &mut self.scratch, self.excel);
            bytes += field.len();
            csv_field(&mut self.out, field)?;
        }
        end_record(&mut self.out, cells.len() <= 1 && bytes == 0)
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
        let mut sink = TsvSink {
            out,
            excel: false,
            text: String::new(),
        };
        if options.header {
            sink.row(&header(columns))?;
        }
        sink.excel = options.excel;
        Ok(sink)
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
    fn row(&mut self, cells: &[ValueRef<'_>]) -> io::Result<()> {
        for (i, &value) in cells.iter().enumerate() {
            if i > 0 {
                self.out.write_all(b"\t")?;
            }
            let bytes = cell_bytes(value, &mut self.text, self.excel);
            tsv_field(&mut self.out, bytes)?;
        }
        self.out.write_all(b"\n")
    }

    fn end(self: Box<Self>) -> io::Result<W> {
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_written_as_the_csv_crate_writes_them() {
        let long = "a\"b,c\r\nd ".repeat(1000);
        let cases: Vec<Vec<&str>> = vec![
            vec![""],
            vec!["", ""],
            vec!["plain", "", "x"],
            vec!["a,b", "say \"hi\"", "line\nend", "cr\r"],
            vec![" leading and trailing ", "#hash", "'quote'", "tab\there"],
            vec!["é ü 中文", "\"", "\"\""],
            vec![&long, "after"],
        ];
        for fields in cases {
            let mut writer = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(Vec::new());
            writer.write_record(&fields).unwrap();
            let theirs = writer.into_inner().unwrap();
            let names: Vec<String> = fields.iter().map(|f| f.to_string()).collect();
            let header = CellOptions {
                header: true,
                ..CellOptions::default()
            };
            let ours = Box::new(CsvSink::new(Vec::new(), header, &names).unwrap());
            assert_eq!(
                String::from_utf8(ours.end().unwrap()).unwrap(),
                String::from_utf8(theirs).unwrap()
            );
            let mut sink = CsvSink::new(Vec::new(), CellOptions::default(), &[]).unwrap();
            let cells: Vec<_> = fields
                .iter()
                .map(|c| ValueRef::Text(c.as_bytes()))
                .collect();
            sink.row(&cells).unwrap();
            let ours = Box::new(sink).end().unwrap();
            let mut theirs = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(Vec::new());
            theirs.write_record(&fields).unwrap();
            assert_eq!(ours, theirs.into_inner().unwrap());
        }
    }
}
