//! JSON output: one array of objects, or one object per line (JSON Lines).
//! NULL is `null`, numbers are numbers, a blob is a hex string.

use std::io::{self, Write};

use rusqlite::types::ValueRef;

use super::Sink;

pub struct JsonSink {
    lines: bool,
    /// Each column name, already encoded as a JSON string with its colon.
    keys: Vec<Vec<u8>>,
    rows: u64,
}

impl JsonSink {
    pub fn array() -> JsonSink {
        JsonSink {
            lines: false,
            keys: Vec::new(),
            rows: 0,
        }
    }

    pub fn lines() -> JsonSink {
        JsonSink {
            lines: true,
            ..JsonSink::array()
        }
    }
}

fn value(out: &mut dyn Write, value: ValueRef<'_>) -> io::Result<()> {
    match value {
        ValueRef::Null => out.write_all(b"null"),
        ValueRef::Integer(i) => write!(out, "{i}"),
        ValueRef::Real(x) if x.is_finite() => {
            serde_json::to_writer(&mut *out, &x).map_err(io::Error::other)
        }
        ValueRef::Real(_) => out.write_all(b"null"),
        ValueRef::Text(t) => {
            serde_json::to_writer(&mut *out, &*String::from_utf8_lossy(t)).map_err(io::Error::other)
        }
        ValueRef::Blob(b) => {
            out.write_all(b"\"")?;
            for byte in b {
                write!(out, "{byte:02x}")?;
            }
            out.write_all(b"\"")
        }
    }
}

impl Sink for JsonSink {
    fn begin(&mut self, out: &mut dyn Write, columns: &[String]) -> io::Result<()> {
        self.keys = columns
            .iter()
            .map(|c| {
                let mut key = serde_json::to_vec(c).expect("a string encodes");
                key.push(b':');
                key
            })
            .collect();
        if !self.lines {
            out.write_all(b"[")?;
        }
        Ok(())
    }

    fn row(
        &mut self,
        out: &mut dyn Write,
        cells: &mut dyn Iterator<Item = ValueRef<'_>>,
    ) -> io::Result<()> {
        if !self.lines {
            out.write_all(if self.rows == 0 { b"\n" } else { b",\n" })?;
        }
        out.write_all(b"{")?;
        for (i, cell) in cells.enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            out.write_all(&self.keys[i])?;
            value(out, cell)?;
        }
        out.write_all(b"}")?;
        if self.lines {
            out.write_all(b"\n")?;
        }
        self.rows += 1;
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.lines {
            out.write_all(if self.rows == 0 { b"]\n" } else { b"\n]\n" })?;
        }
        Ok(())
    }
}
