//! What the printer writes rows through: a sink, one per format, over the
//! output it holds for one result set.

use std::io;

use rusqlite::types::ValueRef;

/// A writer of one format over the output it holds for one result set: `new`
/// writes what comes before the rows, `end` what comes after.
pub trait Sink<W> {
    fn row(&mut self, cells: &[ValueRef<'_>]) -> io::Result<()>;
    fn end(self: Box<Self>) -> io::Result<W>;

    /// The rows stopped by an error: a table draws the rows it holds; a data
    /// format stops where it is, so that a parser sees it is incomplete.
    fn cut(self: Box<Self>) -> io::Result<()> {
        Ok(())
    }
}
