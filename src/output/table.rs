//! Aligned text tables, drawn by comfy-table in the look of psql and the
//! sqlite3 shell's box mode: a rule under the header and none between rows,
//! numbers aligned right, long text wrapped between words. The widths are
//! planned from every row, so the rows are held until the last: at the sizes
//! a table is read at (up to 10^5 rows) that costs little, and no late row
//! can outgrow its column. Control characters are shown escaped.

use std::io::{self, Write};

use comfy_table::{Cell, CellAlignment, ColumnConstraint, Table, Width};
use rusqlite::types::ValueRef;

use super::card;
use super::layout::{self, Measure};
use super::sink::Sink;
use super::text::{Blob, cell_text, visible};

/// The width to draw tables at: COLUMNS when it is set (to 20 or more), else
/// the width of the terminal the table is read on, else 120: a table written
/// to a file is laid out the same wherever it was written.
pub fn width(terminal: Option<usize>) -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|c| *c >= 20)
        .or(terminal)
        .unwrap_or(120)
}

pub struct TableSink<W> {
    out: W,
    header: bool,
    width: usize,
    /// The column names, made safe to show.
    columns: Vec<String>,
    measures: Vec<Measure>,
    rows: Vec<Vec<String>>,
}

impl<W: Write> TableSink<W> {
    pub fn new(out: W, header: bool, width: usize, columns: &[String]) -> TableSink<W> {
        let columns: Vec<String> = columns.iter().map(|c| visible(c).into_owned()).collect();
        TableSink {
            out,
            header,
            width,
            measures: columns.iter().map(|c| Measure::new(c)).collect(),
            columns,
            rows: Vec::new(),
        }
    }

    /// Draw the rows held: a table if one fits without breaking a word,
    /// unless it would take more lines than the same rows as records (long
    /// text squeezed beside long ids reads better as records).
    fn draw(&mut self) -> io::Result<()> {
        let rows = std::mem::take(&mut self.rows);
        let lines = |text: &str, width: usize| layout::wrap(text, width).len();
        let (_, room) = card::margins(self.width, &self.columns);
        let as_records: usize = rows.iter().flatten().map(|c| lines(c, room)).sum();
        if let Some(widths) = layout::plan(&self.measures, self.width) {
            let height = |row: &Vec<String>| {
                let cells = row.iter().zip(&widths);
                cells.map(|(c, w)| lines(c, *w)).max().unwrap_or(1)
            };
            let as_table: usize = rows.iter().map(height).sum();
            if as_table <= as_records + rows.len() {
                return self.table(&widths, rows);
            }
        }
        let (out, columns, width) = (&mut self.out, &self.columns, self.width);
        for (n, row) in rows.iter().enumerate() {
            card::record(out, &(n + 1).to_string(), columns, row, width, &|_| {})?;
        }
        Ok(())
    }

    fn table(&mut self, widths: &[usize], rows: Vec<Vec<String>>) -> io::Result<()> {
        let mut table = Table::new();
        table.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
        if self.header {
            // A header wraps as `wrap` breaks it: after its `_` or `-`.
            table.set_header(self.columns.iter().zip(widths).map(|(name, w)| {
                Cell::new(layout::wrap(name, *w).join("\n")).set_alignment(CellAlignment::Left)
            }));
        }
        table.add_rows(rows);
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
}

impl<W: Write> Sink<W> for TableSink<W> {
    fn row(&mut self, cells: &[ValueRef<'_>]) -> io::Result<()> {
        let cell = |(&value, measure): (&ValueRef, &mut Measure)| {
            let shown = visible(&cell_text(value, Blob::Size)).into_owned();
            let number = !matches!(value, ValueRef::Text(_) | ValueRef::Blob(_));
            measure.add(&shown, number);
            shown
        };
        let row = cells.iter().zip(&mut self.measures).map(cell);
        self.rows.push(row.collect());
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
