//! The facts, their partner links and the figures: each row checked (ids,
//! vocabularies, dates, references, its quote found in the text) and written;
//! and the record of which seed files were loaded.

use std::collections::HashMap;

use rusqlite::params;
use rusqlite::types::{ToSqlOutput, Value};

use super::super::rows::{FactFile, FactRow, FigureRow, LinkRow, SeedFile};
use super::super::sha256_hex;
use super::loader::{Keys, Loader};
use super::quotes::{Found, Quotes};
use crate::dates;

impl Loader<'_, '_> {
    /// Where a row's quote stands in the text, or a problem at the row.
    fn quote(
        &mut self,
        file: &str,
        line: u64,
        quote: &str,
        quotes: &mut Quotes<'_, '_>,
    ) -> Option<Found> {
        if !self.required(file, line, "quote", quote) {
            return None;
        }
        match quotes.find(quote) {
            Ok(found) => Some(found),
            Err(why) => {
                self.problem(file, Some(line), why);
                None
            }
        }
    }

    /// A new id of its file: a slug not seen before.
    fn new_id(&mut self, file: &str, line: u64, id: &str, keys: &mut Keys) -> bool {
        if !self.slug(file, line, "id", id) {
            return false;
        }
        if keys.insert(id) {
            return true;
        }
        self.problem(file, Some(line), format!("duplicate id {id:?}"));
        false
    }

    pub(super) fn facts(&mut self, spec: &FactFile, quotes: &mut Quotes<'_, '_>) {
        let file = spec.file;
        let mut keys = Keys::default();
        // The file's columns that the table stores (the schema derives some).
        let writable = self.writable_columns(spec.table);
        let columns: Vec<&str> = (spec.columns.iter().copied())
            .filter(|column| writable.iter().any(|w| w == column))
            .collect();
        let sql = format!(
            "INSERT INTO {} ({}, passage_id, quote_start, quote_end) VALUES ({}?, ?, ?)",
            spec.table,
            columns.join(", "),
            "?, ".repeat(columns.len())
        );
        keys.complete = self.read_csv(file, spec.columns, |this, line, record, headers| {
            let Some(row) = this.parse::<FactRow>(file, line, record, headers) else {
                return;
            };
            let mut ok = this.new_id(file, line, row.id, &mut keys);
            let label = if spec.columns.contains(&"topic") {
                "topic"
            } else {
                "name"
            };
            let name = row.name.or(row.topic).unwrap_or_default();
            ok &= this.required(file, line, label, name);
            ok &= this.term(file, line, "kind", spec.kind_domain, row.kind);
            ok &= this.known_area(file, line, row.area_id);
            if spec.columns.contains(&"china_role") {
                let role = row.china_role.unwrap_or_default();
                ok &= this.term(file, line, "china_role", "china_role", role);
            }
            let edition = this.edition(file, line, row.edition);
            ok &= row.edition.is_none() || edition.is_some();
            ok &= this.dates(file, line, &row);
            ok &= this.unnamed_parties(file, line, &row);
            ok &= this.term(file, line, "form", "form", row.form);
            let found = this.quote(file, line, row.quote, quotes);
            if let (true, Some(found)) = (ok, found) {
                let values = columns.iter().map(|column| match *column {
                    "edition" => edition.map_or(ToSqlOutput::Owned(Value::Null), From::from),
                    column => row
                        .text(column)
                        .map_or(ToSqlOutput::Owned(Value::Null), From::from),
                });
                let quoted = [found.passage_id, found.start, found.end].map(ToSqlOutput::from);
                let values = rusqlite::params_from_iter(values.chain(quoted));
                this.insert(file, line, &sql, values);
            }
        });
        self.count(spec.table, keys.len() as u64);
        self.facts.insert(spec.table, keys);
    }

    fn known_area(&mut self, file: &str, line: u64, area_id: &str) -> bool {
        if self.areas.contains(area_id) {
            return true;
        }
        if self.areas.complete {
            let message = if area_id.is_empty() {
                let mut ids: Vec<&str> = self.areas.ids.keys().map(String::as_str).collect();
                ids.sort_unstable();
                format!("`area_id` is empty; the areas are: {}", ids.join(", "))
            } else {
                let near =
                    crate::lookup::suggest(area_id, self.areas.ids.keys().map(String::as_str));
                format!("unknown area_id {area_id:?}{near}")
            };
            self.problem(file, Some(line), message);
        }
        false
    }

    /// An edition is a whole number from 1, written in digits only.
    fn edition(&mut self, file: &str, line: u64, text: Option<&str>) -> Option<i64> {
        let text = text?;
        match text.parse::<i64>() {
            Ok(n) if n >= 1 && text.bytes().all(|b| b.is_ascii_digit()) => Some(n),
            _ => {
                let message = format!("`edition` {text:?} must be a whole number from 1");
                self.problem(file, Some(line), message);
                None
            }
        }
    }

    /// Each unnamed party (`; `-separated) is words of the quote, verbatim.
    fn unnamed_parties(&mut self, file: &str, line: u64, row: &FactRow<'_>) -> bool {
        let Some(parties) = row.unnamed_parties else {
            return true;
        };
        let mut ok = true;
        for party in parties.split("; ") {
            if party.trim().is_empty() || party.trim() != party || !row.quote.contains(party) {
                let message =
                    format!("`unnamed_parties` {party:?} is not words of the quote, verbatim");
                self.problem(file, Some(line), message);
                ok = false;
            }
        }
        ok
    }

    /// A fact's date: words of its quote (`date_text`), said again in EDTF
    /// (`date_edtf`, from which the schema derives the bounds).
    fn dates(&mut self, file: &str, line: u64, row: &FactRow<'_>) -> bool {
        // Words not in the quote are the first thing to put right: the
        // EDTF is held to them only once they are the quote's.
        let agreed = dates::in_quote(row.date_text, row.quote)
            .and_then(|()| dates::agreement(row.date_text, row.date_edtf));
        let Err(message) = agreed else { return true };
        self.problem(file, Some(line), message);
        false
    }

    pub(super) fn links(&mut self, spec: &FactFile) {
        let file = spec.link_file;
        let columns = spec.link_columns();
        let sql = format!(
            "INSERT INTO {} ({}) VALUES (?, ?, ?, ?)",
            spec.link_table,
            columns.join(", ")
        );
        let mut seen: HashMap<(u32, u32), u64> = HashMap::new();
        let facts = self.facts.remove(spec.table).unwrap_or_default();
        self.read_csv(file, &columns, |this, line, record, headers| {
            let Some(row) = this.parse::<LinkRow>(file, line, record, headers) else {
                return;
            };
            let mut ok = facts.contains(row.fact_id);
            if !ok && facts.complete {
                let message = format!(
                    "unknown {} {:?}: no such row in {}",
                    spec.link_column, row.fact_id, spec.file
                );
                this.problem(file, Some(line), message);
            }
            let partner = this.link_partner(file, line, row.partner_id);
            ok &= this.term(file, line, "role", "partner_role", row.role);
            let (true, Some(partner)) = (ok, partner) else {
                return;
            };
            let fact = facts.index(row.fact_id).expect("checked above");
            if let Some(first) = seen.insert((fact, partner), line) {
                let message = format!(
                    "{:?} is already linked to {:?} at line {first}",
                    row.partner_id, row.fact_id
                );
                this.problem(file, Some(line), message);
                return;
            }
            let partner_id = this.partner_ids[partner as usize].clone();
            let values = (row.fact_id, partner_id, row.role, row.note);
            this.insert(file, line, &sql, values);
        });
        self.facts.insert(spec.table, facts);
        self.count(spec.link_table, seen.len() as u64);
    }

    /// The partner a link names (by id, name or alias), if it is one and not
    /// the subject.
    fn link_partner(&mut self, file: &str, line: u64, reference: &str) -> Option<u32> {
        let message = match self.resolve_partner(reference) {
            Some(index) if self.subject != Some(index) => return Some(index),
            Some(_) => format!(
                "{reference:?} is the subject: its part is the fact's china_role, \
                 not a partner link"
            ),
            None if !self.partners.complete => return None,
            None if reference.is_empty() => {
                "`partner_id` is empty: give the partner's id, name or alias".to_string()
            }
            None => {
                let near = crate::lookup::suggest(
                    &reference.to_lowercase(),
                    self.partner_names.keys().map(String::as_str),
                );
                format!(
                    "unknown partner {reference:?}: not an id, name or alias \
                     in partners.csv or partner_aliases.csv{near}"
                )
            }
        };
        self.problem(file, Some(line), message);
        None
    }

    pub(super) fn figures(&mut self, quotes: &mut Quotes<'_, '_>) {
        let file = FigureRow::FILE;
        let mut keys = Keys::default();
        let mut same: Vec<(u64, String, String)> = Vec::new();
        keys.complete = self.read_csv(file, FigureRow::COLUMNS, |this, line, record, headers| {
            let Some(row) = this.parse::<FigureRow>(file, line, record, headers) else {
                return;
            };
            let mut ok = this.new_id(file, line, row.id, &mut keys);
            ok &= this.figure_fact(line, row.fact_table, row.fact_id);
            ok &= this.required(file, line, "metric", row.metric);
            ok &= this.required(file, line, "unit", row.unit);
            let value = this.figure_value(line, row.value);
            if let Some(qualifier) = row.qualifier {
                ok &= this.term(file, line, "qualifier", "figure_qualifier", qualifier);
            }
            if this.required(file, line, "value_text", row.value_text)
                && !row.quote.contains(row.value_text)
            {
                let message = format!("`value_text` {:?} is not in the quote", row.value_text);
                this.problem(file, Some(line), message);
                ok = false;
            }
            if let Some(other) = row.same_as {
                same.push((line, row.id.to_string(), other.to_string()));
            }
            let found = this.quote(file, line, row.quote, quotes);
            if let (true, Some(found), Some(value)) = (ok, found, value) {
                let sql = "INSERT INTO figures (id, fact_table, fact_id, metric, value,
                           value_text, unit, qualifier, quote, passage_id, quote_start,
                           quote_end, note, same_as)
                           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
                let values = params![
                    row.id,
                    row.fact_table,
                    row.fact_id,
                    row.metric,
                    value,
                    row.value_text,
                    row.unit,
                    row.qualifier,
                    row.quote,
                    found.passage_id,
                    found.start,
                    found.end,
                    row.note,
                    row.same_as,
                ];
                this.insert(file, line, sql, values);
            }
        });
        for (line, id, other) in same {
            if other == id || (keys.complete && !keys.contains(&other)) {
                let message = format!("`same_as` {other:?} is not another figure of {file}");
                self.problem(file, Some(line), message);
            }
        }
        self.count("figures", keys.len() as u64);
    }

    /// A figure names a fact by both table and id, or neither.
    fn figure_fact(&mut self, line: u64, table: Option<&str>, id: Option<&str>) -> bool {
        let file = FigureRow::FILE;
        let (table, id) = match (table, id) {
            (None, None) => return true,
            (Some(table), Some(id)) => (table, id),
            _ => {
                let message = "`fact_table` and `fact_id` go together: give both or neither";
                self.problem(file, Some(line), message);
                return false;
            }
        };
        if !self.term(file, line, "fact_table", "fact_table", table) {
            return false;
        }
        let facts = self.facts.get(table);
        if facts.is_some_and(|f| f.complete && !f.contains(id)) {
            let message = format!("unknown fact_id {id:?}: no such row in {table}.csv");
            self.problem(file, Some(line), message);
            return false;
        }
        true
    }

    /// A figure's value: digits, an optional point, no commas.
    fn figure_value(&mut self, line: u64, text: &str) -> Option<Value> {
        if let Ok(n) = text.parse::<i64>() {
            return Some(Value::Integer(n));
        }
        let plain = text
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
        if let Ok(x) = text.parse::<f64>()
            && x.is_finite()
            && plain
        {
            return Some(Value::Real(x));
        }
        let message =
            format!("`value` {text:?} is not a number (digits, an optional point, no commas)");
        self.problem(FigureRow::FILE, Some(line), message);
        None
    }

    /// Record which files were loaded, with their digests and, for a CSV
    /// file, the rows it put in its table.
    pub(super) fn record_files(&mut self) {
        let seed = self.seed;
        for name in seed.names() {
            let bytes = seed.get(name).unwrap_or_default();
            let rows = name
                .strip_suffix(".csv")
                .and_then(|t| self.counts.iter().find(|(c, _)| *c == t))
                .map(|(_, n)| *n as i64);
            let sql = "INSERT INTO seed_files (name, sha256, rows) VALUES (?, ?, ?)";
            self.insert(name, 0, sql, (name, sha256_hex(bytes), rows));
        }
    }
}
