//! GitHub-flavoured Markdown tables, streamed: `|` and `\` are escaped, line
//! breaks inside a cell become `<br>`, control characters are shown escaped
//! as in a table, and a blob reads `<blob N bytes>`.

use std::io::{self, Write};

use rusqlite::types::ValueRef;

use super::sink::Sink;
use super::text::{Blob, cell_text, visible};

pub struct MarkdownSink<W>(W);

impl<W: Write> MarkdownSink<W> {
    /// A Markdown table cannot do without its header and rule: without a
    /// header, the names are left out and the rule kept.
    pub fn new(out: W, header: bool, columns: &[String]) -> io::Result<MarkdownSink<W>> {
        let mut sink = MarkdownSink(out);
        let names = columns.iter().map(|c| if header { c.as_str() } else { "" });
        sink.row(&names.map(ValueRef::from).collect::<Vec<_>>())?;
        writeln!(sink.0, "|{}", " --- |".repeat(columns.len()))?;
        Ok(sink)
    }
}

fn cell(out: &mut impl Write, text: &str) -> io::Result<()> {
    let shown = visible(text);
    let escaped = shown
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', "<br>");
    write!(out, " {escaped} |")
}

impl<W: Write> Sink<W> for MarkdownSink<W> {
    fn row(&mut self, cells: &[ValueRef<'_>]) -> io::Result<()> {
        self.0.write_all(b"|")?;
        for &value in cells {
            cell(&mut self.0, &cell_text(value, Blob::Size))?;
        }
        self.0.write_all(b"\n")
    }

    fn end(self: Box<Self>) -> io::Result<W> {
        Ok(self.0)
    }
}
