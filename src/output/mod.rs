//! The one renderer: any rows, from any query, to any format, on stdout or in
//! a file. Every command that prints rows takes [`OutputArgs`]; rows stream
//! to the output one at a time (a table holds its rows, to plan its widths
//! from all of them). Where the output goes is the `target` module's business.

mod args;
mod card;
pub(crate) mod delimited;
mod json;
mod layout;
mod markdown;
pub mod pending;
mod table;
mod target;
mod text;

use std::io::{self, Write};
use std::time::Duration;

use anyhow::Context;
use rusqlite::types::{Value, ValueRef};

use crate::progress::Progress;

pub use args::{CellArgs, CellOptions, Format, OutputArgs};
pub use card::Emphasis;
pub use target::{Target, protect_database};

/// A count as messages write it, its thousands grouped: `1,048,575`.
pub fn grouped(n: impl TryInto<u64>) -> String {
    match n.try_into() {
        Ok(n) => indicatif::HumanCount(n).to_string(),
        Err(_) => "?".to_string(),
    }
}

/// A writer of one format, over the output it owns for one result set: its
/// constructor writes what comes before the rows, `row` receives the cells
/// of one row in order, `end` writes what comes after and hands the output
/// back.
pub trait Sink<W> {
    fn row(&mut self, cells: &[ValueRef<'_>]) -> io::Result<()>;
    fn end(self: Box<Self>) -> io::Result<W>;

    /// The rows stopped by an error: show a reader what came. A table draws
    /// the rows it holds and closes; a data format stops where it is, so
    /// that what reads it (a JSON parser) sees that it is incomplete.
    fn cut(self: Box<Self>) -> io::Result<()> {
        Ok(())
    }
}

/// The sink for `format`, its header written; `width` is what a table fits.
fn sink<'a, W: Write + 'a>(
    format: Format,
    options: CellOptions,
    width: usize,
    out: W,
    columns: &[String],
) -> io::Result<Box<dyn Sink<W> + 'a>> {
    Ok(match format {
        Format::Table => Box::new(table::TableSink::new(out, options, width, columns)),
        Format::Csv => Box::new(delimited::DelimitedSink::new(out, false, options, columns)?),
        Format::Tsv => Box::new(delimited::DelimitedSink::new(out, true, options, columns)?),
        Format::Json => Box::new(json::JsonSink::new(out, false, columns)?),
        Format::Jsonl => Box::new(json::JsonSink::new(out, true, columns)?),
        Format::Markdown => Box::new(markdown::MarkdownSink::new(out, options, columns)?),
    })
}

/// What a printer says when used after an error took its output away.
const ABANDONED: &str = "the output was abandoned after an error";

/// Prints result sets. Several result sets may go to one printer only for
/// the table format (each its own table); the other formats take one.
pub struct Printer {
    format: Format,
    options: CellOptions,
    /// The output; a sink holds it while it prints a result set, and after
    /// an error it is gone (and a file being written beside its name with it).
    target: Option<Target>,
    width: usize,
    /// The output is a terminal, where emphasis may be bold.
    terminal: bool,
}

impl Printer {
    pub fn new(format: Format, options: CellOptions, target: Target) -> Printer {
        Printer {
            format,
            options,
            width: table::width(target.width),
            terminal: target.terminal,
            target: Some(target),
        }
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// Call `timer` after each write to the output with the time the write
    /// took: the time spent waiting on a slow reader of a pipe or FIFO, for
    /// a command that must not count it against a time limit.
    pub fn set_write_timer(&mut self, timer: impl FnMut(Duration) + 'static) {
        if let Some(target) = self.target.as_mut() {
            target.timer = Some(Box::new(timer));
        }
    }

    /// The name of the file this printer writes whole or not at all (`-o
    /// FILE`), if it writes one: stdout, a FIFO or a device take what comes.
    pub fn whole_file(&self) -> Option<&str> {
        let target = self.target.as_ref()?;
        target.temp.as_ref().map(|_| target.name.as_str())
    }

    /// Write text as it is (a report's SQL), to the same place rows go.
    pub fn text(&mut self, text: &str) -> anyhow::Result<()> {
        let target = self.target.as_mut().context(ABANDONED)?;
        target.write_all(text.as_bytes())?;
        Ok(())
    }

    /// Print one result set: `each` feeds the rows to the sink and returns
    /// how many it fed.
    pub fn print(
        &mut self,
        columns: &[String],
        each: impl FnOnce(&mut dyn Sink<Target>) -> anyhow::Result<u64>,
    ) -> anyhow::Result<u64> {
        let target = self.target.take().context(ABANDONED)?;
        let name = target.name.clone();
        // A failed write says which output failed ("out.csv: No space left on
        // device"); an error from the query keeps its own words.
        let writing = |err: anyhow::Error| {
            if err.is::<std::io::Error>() {
                err.context(format!("writing {name}"))
            } else {
                err
            }
        };
        let mut sink = sink(self.format, self.options, self.width, target, columns)
            .map_err(|e| writing(e.into()))?;
        let n = match each(sink.as_mut()) {
            Ok(n) => n,
            Err(err) => {
                // The error is the news; one in drawing the rows so far is not.
                let _ = sink.cut();
                return Err(writing(err));
            }
        };
        self.target = Some(sink.end().map_err(|e| writing(e.into()))?);
        Ok(n)
    }

    /// Run a prepared statement, its parameters already bound, and print
    /// every row it returns; returns the number of rows.
    pub fn statement(&mut self, stmt: &mut rusqlite::Statement<'_>) -> anyhow::Result<u64> {
        let columns: Vec<String> = stmt.column_names().map(String::from).collect();
        // A query that takes a while shows a line on stderr (a terminal
        // only), counting the rows read until the output shows them: until
        // the first on a terminal, until the last for a table (drawn from
        // all its rows) or a file; none when they go into a pipe, whose
        // reader may be drawing on the same terminal (`| less`).
        let progress = match self.target.as_ref().is_some_and(|t| t.piped) {
            true => Progress::hidden(),
            false => Progress::new("rows read", None),
        };
        progress.step("running the query");
        let until_last = !self.terminal || self.format == Format::Table;
        let mut rows = stmt.raw_query();
        self.print(&columns, |sink| {
            let mut n = 0;
            let mut read = || -> anyhow::Result<u64> {
                while let Some(row) = rows.next()? {
                    match until_last {
                        true => progress.inc(1),
                        false => progress.finish(),
                    }
                    let cells: Vec<ValueRef> =
                        (0..columns.len()).map(|i| row.get_ref_unwrap(i)).collect();
                    sink.row(&cells)?;
                    n += 1;
                }
                Ok(n)
            };
            let read = read();
            // Gone before the sink ends or cuts what it holds.
            progress.finish();
            read
        })
    }

    /// Print rows that are already in memory.
    pub fn rows<R: AsRef<[Value]>>(
        &mut self,
        columns: &[&str],
        rows: impl IntoIterator<Item = R>,
    ) -> anyhow::Result<u64> {
        let columns: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
        self.print(&columns, |sink| {
            rows.into_iter().try_fold(0, |n, row| {
                sink.row(&row.as_ref().iter().map(ValueRef::from).collect::<Vec<_>>())?;
                Ok(n + 1)
            })
        })
    }

    /// Print one record as a card: a titled block of `field │ value` lines in
    /// a table, a two-column table in Markdown, one row in every other
    /// format. `emphasis` marks a stretch of one value (bold on a terminal
    /// unless NO_COLOR is set, else between `»` and `«`; data formats keep
    /// the value exact).
    pub fn card(
        &mut self,
        fields: &[(&str, Value)],
        emphasis: Option<Emphasis>,
    ) -> anyhow::Result<()> {
        match self.format {
            Format::Table => {
                let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
                let style = match self.terminal && !no_color {
                    true => card::Style::Bold,
                    false => card::Style::Marks,
                };
                let target = self.target.as_mut().context(ABANDONED)?;
                card::table(target, fields, emphasis, self.width, style)?;
            }
            Format::Markdown => {
                self.rows(&["field", "value"], card::markdown_rows(fields, emphasis))?;
            }
            _ => {
                let columns: Vec<&str> = fields.iter().map(|(name, _)| *name).collect();
                let row: Vec<Value> = fields.iter().map(|(_, value)| value.clone()).collect();
                self.rows(&columns, [row])?;
            }
        }
        Ok(())
    }

    /// Flush everything; a file output moves into place only now.
    pub fn finish(mut self) -> anyhow::Result<()> {
        let target = self.target.take().context(ABANDONED)?;
        target.commit()
    }
}

/// Render rows held in memory to any writer, as [`Printer::rows`] would
/// without a terminal or a file.
pub fn render(
    out: &mut dyn Write,
    format: Format,
    options: CellOptions,
    columns: &[&str],
    rows: &[Vec<Value>],
) -> io::Result<()> {
    let columns: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
    let mut sink = sink(format, options, table::width(None), out, &columns)?;
    for row in rows {
        sink.row(&row.iter().map(ValueRef::from).collect::<Vec<_>>())?;
    }
    sink.end().map(|_| ())
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::rc::Rc;

    use super::*;

    #[test]
    fn the_write_timer_hears_of_every_write_to_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let options = CellOptions {
            header: true,
            ..CellOptions::default()
        };
        let mut printer = Printer::new(Format::Csv, options, Target::open(&path).unwrap());
        let writes = Rc::new(Cell::new(0));
        let heard = Rc::clone(&writes);
        printer.set_write_timer(move |_took| heard.set(heard.get() + 1));
        let row = [Value::Integer(1)];
        printer.rows(&["n"], [&row[..]]).unwrap();
        printer.finish().unwrap();
        assert!(writes.get() >= 1);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "n\r\n1\r\n");
    }
}
