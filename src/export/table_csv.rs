//! A table as CSV with its huge cells written in pieces as they are read
//! (see [`huge`](super::huge)), byte for byte what the CSV printer writes
//! (the same [`CsvRecord`]): the printer takes a cell whole, and a whole
//! huge cell is what must not be held.

use std::io::Write;

use rusqlite::Connection;
use rusqlite::types::ValueRef;

use super::huge::{HugeCell, Plan};
use crate::output::CellOptions;
use crate::output::delimited::{BOM, CsvRecord, needs_quotes};
use crate::output::text::formula_start;

/// The bytes of a cell that is not huge, as the CSV printer writes it.
fn cell<'a>(value: ValueRef<'a>, scratch: &'a mut Vec<u8>, excel: bool) -> &'a [u8] {
    scratch.clear();
    match value {
        ValueRef::Text(text) if !(excel && formula_start(text)) => return text,
        ValueRef::Text(text) => {
            // Neutralised: a leading apostrophe.
            scratch.push(b'\'');
            scratch.extend_from_slice(String::from_utf8_lossy(text).as_bytes());
        }
        ValueRef::Null => {}
        ValueRef::Integer(i) => scratch.extend_from_slice(i.to_string().as_bytes()),
        ValueRef::Real(x) => scratch.extend_from_slice(x.to_string().as_bytes()),
        ValueRef::Blob(bytes) => hex(bytes, true, true, scratch),
    }
    scratch
}

/// Bytes as SQLite's blob literal `x'0a1b'`, or the part of it they are.
fn hex(bytes: &[u8], first: bool, last: bool, into: &mut Vec<u8>) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    if first {
        into.extend_from_slice(b"x'");
    }
    for b in bytes {
        into.push(DIGITS[usize::from(b >> 4)]);
        into.push(DIGITS[usize::from(b & 15)]);
    }
    if last {
        into.push(b'\'');
    }
}

/// UTF-8 read in pieces, made valid as `String::from_utf8_lossy` makes it
/// whole: a character split between pieces is carried to the next.
struct Lossy {
    carry: Vec<u8>,
}

impl Lossy {
    /// The valid text of `piece` (after what was carried) into `into`; with
    /// `last`, nothing is carried on.
    fn push(&mut self, piece: &[u8], last: bool, into: &mut Vec<u8>) {
        self.carry.extend_from_slice(piece);
        let bytes = std::mem::take(&mut self.carry);
        let mut rest = &bytes[..];
        loop {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    into.extend_from_slice(text.as_bytes());
                    break;
                }
                Err(err) => {
                    let (valid, after) = rest.split_at(err.valid_up_to());
                    into.extend_from_slice(valid);
                    match err.error_len() {
                        Some(n) => {
                            into.extend_from_slice("\u{FFFD}".as_bytes());
                            rest = &after[n..];
                        }
                        None if last => {
                            into.extend_from_slice("\u{FFFD}".as_bytes());
                            break;
                        }
                        None => {
                            self.carry = after.to_vec();
                            break;
                        }
                    }
                }
            }
        }
    }
}

/// A huge cell as a field, written in pieces: read once to see whether it
/// needs quotes, then again to write it.
fn huge_field<W: Write>(
    record: &mut CsvRecord<'_, W>,
    cell: &HugeCell<'_>,
    excel: bool,
) -> anyhow::Result<()> {
    record.start()?;
    let mut out = Vec::new();
    if cell.is_blob {
        // Hex digits need no quotes, and never start a formula.
        let (len, mut at) = (cell.len(), 0);
        cell.pieces(0, |piece| {
            at += piece.len();
            out.clear();
            hex(piece, at == piece.len(), at == len, &mut out);
            record.put(&out)?;
            Ok::<_, anyhow::Error>(true)
        })?;
        if cell.is_empty() {
            record.put(b"x''")?;
        }
        return Ok(());
    }
    let mut quoting = false;
    let mut neutralise = false;
    let mut first = true;
    cell.pieces(0, |piece| {
        if std::mem::take(&mut first) {
            neutralise = excel && formula_start(piece);
        }
        quoting = needs_quotes(piece);
        Ok::<_, anyhow::Error>(!quoting)
    })?;
    if quoting {
        record.put(b"\"")?;
    }
    if neutralise {
        record.put(b"'")?;
    }
    let (len, mut at) = (cell.len(), 0);
    let mut lossy = Lossy { carry: Vec::new() };
    cell.pieces(0, |piece| {
        at += piece.len();
        if neutralise {
            out.clear();
            lossy.push(piece, at == len, &mut out);
            record.content(&out, quoting)?;
        } else {
            record.content(piece, quoting)?;
        }
        Ok::<_, anyhow::Error>(true)
    })?;
    if quoting {
        record.put(b"\"")?;
    }
    Ok(())
}

/// Write the table of `plan` to `out` as the CSV printer would with
/// `options`; returns the number of rows.
pub fn write<W: Write>(
    conn: &Connection,
    plan: &Plan,
    options: CellOptions,
    out: &mut W,
) -> anyhow::Result<u64> {
    if options.bom {
        out.write_all(BOM)?;
    }
    if options.header {
        let mut record = CsvRecord::new(out);
        for column in &plan.columns {
            record.field(column.name.as_bytes())?;
        }
        record.end()?;
    }
    let mut stmt = conn.prepare(&plan.sql(|c| c.to_string()))?;
    let mut rows = stmt.query([])?;
    let mut scratch = Vec::new();
    let mut n = 0;
    while let Some(row) = rows.next()? {
        let huge = plan.huge_cells(row)?;
        let mut record = CsvRecord::new(out);
        for i in 0..plan.columns.len() {
            if plan.is_huge(&huge, i) {
                huge_field(&mut record, &plan.open(conn, &huge, i)?, options.excel)?;
            } else {
                record.field(cell(row.get_ref(i)?, &mut scratch, options.excel))?;
            }
        }
        record.end()?;
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use rusqlite::types::Value;

    use super::*;
    use crate::export::huge::HUGE;
    use crate::output::{Format, render};

    /// The table `t` as the CSV printer writes it.
    fn printed(conn: &Connection, options: CellOptions) -> anyhow::Result<Vec<u8>> {
        let mut stmt = conn.prepare("SELECT * FROM t")?;
        let columns: Vec<String> = stmt.column_names().map(String::from).collect();
        let width = columns.len();
        let rows: Vec<Vec<Value>> = stmt
            .query_map([], |r| (0..width).map(|i| r.get::<_, Value>(i)).collect())?
            .collect::<Result<_, _>>()?;
        let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
        let mut out = Vec::new();
        render(&mut out, Format::Csv, options, &columns, &rows)?;
        Ok(out)
    }

    /// The table `t` as [`write`] writes it, cells over `huge` bytes in pieces.
    fn streamed(conn: &Connection, options: CellOptions, huge: i64) -> anyhow::Result<Vec<u8>> {
        let plan = Plan::with_threshold(conn, "t", huge)?.expect("a rowid table with text");
        let mut out = Vec::new();
        write(conn, &plan, options, &mut out)?;
        Ok(out)
    }

    fn every_option() -> Vec<CellOptions> {
        let mut all = Vec::new();
        for header in [true, false] {
            for bom in [true, false] {
                for excel in [true, false] {
                    all.push(CellOptions { header, bom, excel });
                }
            }
        }
        all
    }

    fn table(values: &[Value]) -> anyhow::Result<Connection> {
        let conn = Connection::open_in_memory()?;
        conn.execute_batch("CREATE TABLE t (\"a,b\" TEXT, n INTEGER, x REAL, body TEXT)")?;
        for value in values {
            conn.execute(
                "INSERT INTO t VALUES (?1, 3, 0.5, ?1)",
                rusqlite::params![value],
            )?;
        }
        Ok(conn)
    }

    #[test]
    fn huge_and_small_cells_are_written_as_the_printer_writes_them() -> anyhow::Result<()> {
        let long = |head: &str, body: &str| Value::Text(format!("{head}{}", body.repeat(40_000)));
        let values = [
            Value::Null,
            Value::Text(String::new()),
            Value::Text("plain".into()),
            Value::Text("=1+1".into()),
            Value::Text("say \"hi\", then\r\nbye".into()),
            long("", "é plain "),
            long("=", "quote \" in ,"),
            long("-", "a\nb"),
            long("@", "ü"),
            long("x", "\""),
            Value::Integer(-4),
            Value::Real(1e300),
            Value::Blob(vec![0, 1, 0xfe, 0xff]),
            Value::Blob(vec![0xab; 100_000]),
            Value::Blob(Vec::new()),
        ];
        let conn = table(&values)?;
        for options in every_option() {
            for huge in [0, 10, 1000, HUGE] {
                assert!(
                    streamed(&conn, options, huge)? == printed(&conn, options)?,
                    "{options:?} with cells over {huge} bytes in pieces"
                );
            }
        }
        Ok(())
    }

    #[test]
    fn a_record_of_one_empty_field_is_written_as_the_printer_writes_it() -> anyhow::Result<()> {
        let conn = Connection::open_in_memory()?;
        conn.execute_batch("CREATE TABLE t (a TEXT); INSERT INTO t VALUES (''), (NULL), ('x')")?;
        for options in every_option() {
            assert_eq!(streamed(&conn, options, 0)?, printed(&conn, options)?);
        }
        Ok(())
    }

    #[test]
    fn invalid_utf8_split_between_pieces_reads_as_it_does_whole() {
        let bytes: &[u8] = b"=a\xc3\xa9b\xff\xe2\x82c\xf0\x9f\x98\x80d\xe2\x82";
        let whole = String::from_utf8_lossy(bytes).into_owned();
        for size in 1..bytes.len() {
            let mut lossy = Lossy { carry: Vec::new() };
            let mut out = Vec::new();
            let pieces: Vec<&[u8]> = bytes.chunks(size).collect();
            for (i, piece) in pieces.iter().enumerate() {
                lossy.push(piece, i + 1 == pieces.len(), &mut out);
            }
            assert_eq!(String::from_utf8(out).unwrap(), whole, "pieces of {size}");
        }
    }
}
