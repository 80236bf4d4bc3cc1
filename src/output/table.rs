//! Aligned text tables, drawn by comfy-table in the look of psql and the
//! sqlite3 shell's box mode: a rule under the header and none between rows,
//! numbers aligned right, long text wrapped between words. The widths are
//! planned from every row (see [`layout::plan`]), so the rows are held until
//! the last: at the sizes a table is read at (up to 10^5 rows) that costs
//! little, and no late row can outgrow its column. A result that would
//! have to break words to fit is printed one record at a time instead.
//!
//! Every character that could act on a terminal is shown escaped (see
//! [`super::text::visible`]), and a blob reads `<blob N bytes>`.

use std::io::{self, Write};

use comfy_table::{Cell, CellAlignment, ColumnConstraint, Table, Width};
use rusqlite::types::ValueRef;

use super::layout::{self, Measure};
use super::text::{Blob, cell_text, visible};
use super::{CellOptions, Sink};

/// The width to draw at when neither COLUMNS nor a terminal says.
pub const DEFAULT_WIDTH: usize = 120;

/// The width to draw tables at: COLUMNS when it is set (to 20 or more), else
/// the width of the terminal the table is read on, else [`DEFAULT_WIDTH`]:
/// a table written to a file is laid out the same wherever it was written.
pub fn width(terminal: Option<usize>) -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|c| *c >= 20)
        .or(terminal)
        .unwrap_or(DEFAULT_WIDTH)
}

pub struct TableSink<W> {
    out: W,
    header: bool,
    width: usize,
    /// The column names, made safe to show.
    columns: Vec<String>,
    measures: Vec<Measure>,
    rows: Vec<Vec<String>>,
    text: String,
}

impl<W: Write> TableSink<W> {
    pub fn new(out: W, options: CellOptions, width: usize, columns: &[String]) -> TableSink<W> {
        let columns: Vec<String> = columns.iter().map(|c| visible(c).into_owned()).collect();
        TableSink {
            out,
            header: options.header,
            width,
            measures: columns.iter().map(|c| Measure::new(c)).collect(),
            columns,
            rows: Vec::new(),
            text: String::new(),
        }
    }

    /// Draw the rows held: a table if one fits without breaking a word,
    /// unless its rows would take more lines than the same rows as records
    /// (long text squeezed beside long ids reads better as records).
    fn draw(&mut self) -> io::Result<()> {
        match layout::plan(&self.measures, self.width) {
            Some(widths) if self.table_lines(&widths) <= self.record_lines() => self.table(&widths),
            _ => self.records(),
        }
    }

    /// How many lines the rows take in a table with these widths.
    fn table_lines(&self, widths: &[usize]) -> usize {
        let height = |row: &Vec<String>| row.iter().zip(widths).map(|(c, w)| lines(c, *w)).max();
        self.rows.iter().map(|row| height(row).unwrap_or(1)).sum()
    }

    /// How many lines the rows take as records: each record's rule, then
    /// its values.
    fn record_lines(&self) -> usize {
        let room = self.record_room();
        let values: usize = self
            .rows
            .iter()
            .flatten()
            .map(|cell| lines(cell, room))
            .sum();
        values + self.rows.len()
    }

    /// The width of the names in a record, and the room beside them.
    fn record_label(&self) -> usize {
        self.columns
            .iter()
            .map(|c| layout::width(c))
            .max()
            .unwrap_or(0)
    }

    fn record_room(&self) -> usize {
        self.width.saturating_sub(self.record_label() + 3).max(10)
    }

    fn table(&mut self, widths: &[usize]) -> io::Result<()> {
        let mut table = Table::new();
        table.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
        if self.header {
            // A header wraps as `wrap` breaks it: after its `_` or `-`.
            table.set_header(self.columns.iter().zip(widths).map(|(name, w)| {
                let mut lines = Vec::new();
                layout::wrap(name, *w, &mut lines);
                Cell::new(lines.join("\n")).set_alignment(CellAlignment::Left)
            }));
        }
        table.add_rows(std::mem::take(&mut self.rows));
        for ((column, w), measure) in table.column_iter_mut().zip(widths).zip(&self.measures) {
            let fixed = u16::try_from(w + 2).unwrap_or(u16::MAX);
            column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(fixed)));
            if measure.numeric {
                column.set_cell_alignment(CellAlignment::Right);
            }
        }
        for line in table.lines() {
            writeln!(self.out, "{line}")?;
        }
        Ok(())
    }

    /// Each row as a block of `name │ value` lines under a numbered rule.
    fn records(&mut self) -> io::Result<()> {
        let (label, room) = (self.record_label(), self.record_room());
        let mut lines = Vec::new();
        for (n, row) in std::mem::take(&mut self.rows).iter().enumerate() {
            let title = format!("─[ {} ]", n + 1);
            let rule = self.width.saturating_sub(layout::width(&title));
            writeln!(self.out, "{title}{}", "─".repeat(rule))?;
            for (name, value) in self.columns.iter().zip(row) {
                lines.clear();
                layout::wrap(value, room, &mut lines);
                for (k, line) in lines.iter().enumerate() {
                    let mut text = String::new();
                    layout::pad(&mut text, if k == 0 { name } else { "" }, label, false);
                    text.push_str(" │ ");
                    text.push_str(line);
                    writeln!(self.out, "{}", text.trim_end())?;
                }
            }
        }
        Ok(())
    }
}

/// How many lines `text` takes wrapped to `width`.
fn lines(text: &str, width: usize) -> usize {
    if !text.contains('\n') && layout::width(text) <= width {
        return 1;
    }
    let mut lines = Vec::new();
    layout::wrap(text, width, &mut lines);
    lines.len()
}

impl<W: Write> Sink<W> for TableSink<W> {
    fn row(&mut self, cells: &[ValueRef<'_>]) -> io::Result<()> {
        let mut row = Vec::with_capacity(cells.len());
        for (&value, measure) in cells.iter().zip(&mut self.measures) {
            cell_text(value, Blob::Size, &mut self.text);
            let shown = visible(&self.text).into_owned();
            let number = matches!(
                value,
                ValueRef::Integer(_) | ValueRef::Real(_) | ValueRef::Null
            );
            measure.add(&shown, number);
            row.push(shown);
        }
        self.rows.push(row);
        Ok(())
    }

    fn end(mut self: Box<Self>) -> io::Result<W> {
        if self.rows.is_empty() {
            writeln!(self.out, "(no rows: {})", self.columns.join(", "))?;
        } else {
            self.draw()?;
        }
        Ok(self.out)
    }

    fn cut(mut self: Box<Self>) -> io::Result<()> {
        if !self.rows.is_empty() {
            self.draw()?;
        }
        Ok(())
    }
}
