//! A row of a seed file: its fields by the names of its table's columns,
//! and the values it writes into that table.

use std::rc::Rc;

use csv::StringRecord;
use rusqlite::types::{Null, ToSqlOutput};

/// A column and the value a row gives it.
pub(super) type Value<'a> = (&'a str, ToSqlOutput<'a>);

/// A record of a seed file, read by its header.
pub(super) struct Row {
    pub(super) file: &'static str,
    pub(super) line: u64,
    pub(super) record: StringRecord,
    /// The table's columns the file has: each with its field's place in the
    /// record and whether the column may be NULL.
    pub(super) columns: Rc<[(String, usize, bool)]>,
}

impl Row {
    /// A column's field as written; empty when the file has no such column.
    pub(super) fn get(&self, column: &str) -> &str {
        let place = self.columns.iter().find(|(c, _, _)| c == column);
        place.map_or("", |(_, i, _)| &self.record[*i])
    }

    /// A column's field, `None` when it is empty.
    pub(super) fn opt(&self, column: &str) -> Option<&str> {
        Some(self.get(column)).filter(|field| !field.is_empty())
    }

    pub(super) fn has(&self, column: &str) -> bool {
        self.columns.iter().any(|(c, _, _)| c == column)
    }

    /// The row's values in its table's order, `given` in place of the
    /// fields of their columns (or after them). An empty field is NULL where
    /// the schema lets its column be NULL, and empty text where it does not,
    /// so that the schema's rule on the column tells what is missing.
    pub(super) fn values<'a>(
        &'a self,
        given: impl IntoIterator<Item = Value<'a>>,
    ) -> Vec<Value<'a>> {
        let mut values: Vec<Value> = (self.columns.iter())
            .map(|(column, i, nullable)| match &self.record[*i] {
                "" if *nullable => (column.as_str(), Null.into()),
                field => (column.as_str(), field.into()),
            })
            .collect();
        for (column, value) in given {
            match values.iter_mut().find(|(c, _)| *c == column) {
                Some(slot) => slot.1 = value,
                None => values.push((column, value)),
            }
        }
        values
    }
}
