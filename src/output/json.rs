//! JSON output: one array of objects, or one object per line (JSON Lines).
//! NULL is `null`, numbers are numbers, text is exact (JSON escapes control
//! characters itself), and a blob is `{"$base64": true, "encoded": "..."}`
//! as sqlite-utils writes it. Keys are made unique: a second column `a`
//! becomes `a_2`, so no object has two keys of one name.

use std::io::{self, Write};

use base64::Engine as _;
use rusqlite::types::ValueRef;

use super::sink::Sink;

pub struct JsonSink<W> {
    out: W,
    lines: bool,
    /// Each column's key as JSON, with its colon.
    keys: Vec<String>,
    rows: u64,
}

impl<W: Write> JsonSink<W> {
    /// `lines`: JSON Lines rather than one array.
    pub fn new(mut out: W, lines: bool, columns: &[String]) -> io::Result<JsonSink<W>> {
        let key = |k: String| format!("{}:", serde_json::Value::from(k));
        let keys = unique_keys(columns).into_iter().map(key).collect();
        if !lines {
            out.write_all(b"[")?;
        }
        Ok(JsonSink {
            out,
            lines,
            keys,
            rows: 0,
        })
    }
}

/// The column names as object keys: each name as it is the first time it
/// appears, then `name_2`, `name_3`... (skipping any suffix a column
/// already has).
fn unique_keys(columns: &[String]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::with_capacity(columns.len());
    for (i, name) in columns.iter().enumerate() {
        let free = |k: &String| !keys.contains(k) && (k == name || !columns[i + 1..].contains(k));
        let numbered = (2..).map(|n| format!("{name}_{n}"));
        let key = std::iter::once(name.clone()).chain(numbered).find(free);
        keys.push(key.expect("one of endless numbers is free"));
    }
    keys
}

fn value(value: ValueRef<'_>) -> serde_json::Value {
    match value {
        ValueRef::Null => serde_json::Value::Null,
        ValueRef::Integer(i) => i.into(),
        // Not finite: null.
        ValueRef::Real(x) => x.into(),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into(),
        ValueRef::Blob(b) => serde_json::json!({
            "$base64": true,
            "encoded": base64::engine::general_purpose::STANDARD.encode(b),
        }),
    }
}

impl<W: Write> Sink<W> for JsonSink<W> {
    fn row(&mut self, cells: &[ValueRef<'_>]) -> io::Result<()> {
        let field = |(key, &v): (&String, &ValueRef)| format!("{key}{}", value(v));
        let fields: Vec<String> = self.keys.iter().zip(cells).map(field).collect();
        let (before, after) = match (self.lines, self.rows) {
            (true, _) => ("", "\n"),
            (false, 0) => ("\n", ""),
            (false, _) => (",\n", ""),
        };
        self.rows += 1;
        write!(self.out, "{before}{{{}}}{after}", fields.join(","))
    }

    fn end(mut self: Box<Self>) -> io::Result<W> {
        if !self.lines {
            self.out
                .write_all(if self.rows == 0 { b"]\n" } else { b"\n]\n" })?;
        }
        Ok(self.out)
    }

    /// The array is left open, its last line ended: on a terminal the line
    /// shows before the message that says it is cut short.
    fn cut(mut self: Box<Self>) -> io::Result<()> {
        if !self.lines {
            self.out.write_all(b"\n")?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::unique_keys;

    fn keys(names: &[&str]) -> Vec<String> {
        unique_keys(&names.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn a_repeated_name_gets_a_number() {
        assert_eq!(keys(&["a", "a", "b", "a"]), ["a", "a_2", "b", "a_3"]);
    }

    #[test]
    fn a_number_another_column_already_has_is_skipped() {
        assert_eq!(keys(&["a", "a", "a_2"]), ["a", "a_3", "a_2"]);
        assert_eq!(keys(&["a_2", "a", "a"]), ["a_2", "a", "a_3"]);
    }

    #[test]
    fn distinct_names_are_left_alone() {
        assert_eq!(keys(&["id", "name", "A"]), ["id", "name", "A"]);
    }
}
