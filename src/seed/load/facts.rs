//! The facts, their partner links and the figures: each row checked (ids,
//! vocabularies, dates, references, its quote found in the text) and written;
//! and the record of which seed files were loaded.

use rusqlite::ToSql;

use super::super::rows::{FactFile, FactRow, FigureRow, LinkRow, SeedFile};
use super::super::sha256_hex;
use super::loader::{Keys, Loader};
use super::quotes::{Found, Quotes};
use crate::dates;

impl Loader<'_, '_> {
    /// Where a row's quote stands in the text; a quote not found is a
    /// problem at the row, and stands nowhere, so that the rest of the row
    /// is still held to the schema (the load will not commit).
    pub(super) fn quote(
        &mut self,
        file: &str,
        line: u64,
        column: &str,
        quote: &str,
        quotes: &mut Quotes<'_>,
    ) -> Found {
        // An empty quote is the schema's to tell.
        let found = (!quote.is_empty()).then(|| quotes.find(quote));
        match found {
            Some(Ok(found)) => return found,
            Some(Err(why)) if column == "quote" => self.problem(file, Some(line), why),
            Some(Err(why)) => self.problem(file, Some(line), format!("`{column}`: {why}")),
            None => {}
        }
        Found::NOWHERE
    }

    pub(super) fn facts(&mut self, spec: &FactFile, quotes: &mut Quotes<'_>) {
        let file = spec.file;
        let mut keys = Keys::default();
        keys.complete = self.read_csv(file, spec.columns, |this, line, record, headers| {
            let Some(row) = this.parse::<FactRow>(file, line, record, headers) else {
                return;
            };
            keys.ids.insert(row.id.to_string());
            this.term(file, line, "kind", spec.kind_domain, row.kind);
            this.known_area(file, line, row.area_id);
            if spec.columns.contains(&"china_role") {
                let role = row.china_role.unwrap_or_default();
                this.term(file, line, "china_role", "china_role", role);
            }
            let dated = this.dates(file, line, &row);
            this.unnamed_parties(file, line, &row);
            this.term(file, line, "form", "form", row.form);
            let found = this.quote(file, line, "quote", row.quote, quotes);
            let texts: Vec<Option<&str>> = (spec.columns.iter())
                .map(|column| match *column {
                    // A date told wrong above is not told again by the schema.
                    "date_text" | "date_edtf" if !dated => None,
                    column => row.text(column),
                })
                .collect();
            let mut values: Vec<(&str, &dyn ToSql)> = (spec.columns.iter().copied())
                .zip(texts.iter().map(|t| t as &dyn ToSql))
                .collect();
            values.extend(found.columns("quote"));
            this.insert(file, line, spec.table, &values);
        });
        self.facts.insert(spec.table, keys);
    }

    fn known_area(&mut self, file: &str, line: u64, area_id: &str) {
        if self.areas.ids.contains(area_id) || !self.areas.complete {
            return;
        }
        let ids = self.areas.ids.iter().map(String::as_str);
        let message = if area_id.is_empty() {
            let mut ids: Vec<&str> = ids.collect();
            ids.sort_unstable();
            format!("`area_id` is empty; the areas are: {}", ids.join(", "))
        } else {
            format!(
                "unknown area_id {area_id:?}{}",
                crate::lookup::suggest(area_id, ids)
            )
        };
        self.problem(file, Some(line), message);
    }

    /// Each unnamed party (`; `-separated) is words of the quote, verbatim.
    fn unnamed_parties(&mut self, file: &str, line: u64, row: &FactRow<'_>) {
        for party in row.unnamed_parties.into_iter().flat_map(|p| p.split("; ")) {
            if party.trim().is_empty() || party.trim() != party || !row.quote.contains(party) {
                let message =
                    format!("`unnamed_parties` {party:?} is not words of the quote, verbatim");
                self.problem(file, Some(line), message);
            }
        }
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
        let facts = self.facts.remove(spec.table).unwrap_or_default();
        self.read_csv(file, &columns, |this, line, record, headers| {
            let Some(row) = this.parse::<LinkRow>(file, line, record, headers) else {
                return;
            };
            if facts.complete && !facts.ids.contains(row.fact_id) {
                let message = format!(
                    "unknown {} {:?}: no such row in {}",
                    spec.link_column, row.fact_id, spec.file
                );
                this.problem(file, Some(line), message);
            }
            let partner = this.link_partner(file, line, row.partner_id);
            this.term(file, line, "role", "partner_role", row.role);
            let Some(partner) = partner else { return };
            let values: [&dyn ToSql; 4] = [&row.fact_id, &partner, &row.role, &row.note];
            let values: Vec<_> = columns.into_iter().zip(values).collect();
            this.insert(file, line, spec.link_table, &values);
        });
        self.facts.insert(spec.table, facts);
    }

    /// The partner a link names (by id, name or alias), if it is one and not
    /// the subject.
    fn link_partner(&mut self, file: &str, line: u64, reference: &str) -> Option<String> {
        let message = match self.resolve_partner(reference) {
            Some(id) if self.subject.as_ref() != Some(&id) => return Some(id),
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

    pub(super) fn figures(&mut self, quotes: &mut Quotes<'_>) {
        let file = FigureRow::FILE;
        let mut keys = Keys::default();
        let mut same: Vec<(u64, String, String)> = Vec::new();
        keys.complete = self.read_csv(file, FigureRow::COLUMNS, |this, line, record, headers| {
            let Some(row) = this.parse::<FigureRow>(file, line, record, headers) else {
                return;
            };
            keys.ids.insert(row.id.to_string());
            if let (Some(table), Some(id)) = (row.fact_table, row.fact_id) {
                this.known_fact(file, line, table, id);
            }
            if let Some(qualifier) = row.qualifier {
                this.term(file, line, "qualifier", "figure_qualifier", qualifier);
            }
            if !row.quote.contains(row.value_text) {
                let message = format!("`value_text` {:?} is not in the quote", row.value_text);
                this.problem(file, Some(line), message);
            }
            if let Some(other) = row.same_as {
                same.push((line, row.id.to_string(), other.to_string()));
            }
            let found = this.quote(file, line, "quote", row.quote, quotes);
            let mut values = row.values();
            values.extend(found.columns("quote"));
            this.insert(file, line, "figures", &values);
        });
        for (line, id, other) in same {
            if other == id || (keys.complete && !keys.ids.contains(&other)) {
                let message = format!("`same_as` {other:?} is not another figure of {file}");
                self.problem(file, Some(line), message);
            }
        }
    }

    /// A fact a row names by table and id exists (when its file was read
    /// whole); the table is one of the vocabulary's.
    pub(super) fn known_fact(&mut self, file: &str, line: u64, table: &str, id: &str) {
        // An empty id is the schema's to tell.
        if !self.term(file, line, "fact_table", "fact_table", table) || id.is_empty() {
            return;
        }
        let facts = self.facts.get(table);
        if facts.is_some_and(|f| f.complete && !f.ids.contains(id)) {
            let message = format!("unknown fact_id {id:?}: no such row in {table}.csv");
            self.problem(file, Some(line), message);
        }
    }

    /// Record which files were loaded, with their digests and, for a CSV
    /// file, the rows it put in its table.
    pub(super) fn record_files(&mut self) {
        let seed = self.seed;
        for name in seed.names() {
            let digest = sha256_hex(seed.get(name).unwrap_or_default());
            let rows = name
                .strip_suffix(".csv")
                .and_then(|t| self.counts.iter().find(|(c, _)| *c == t))
                .map(|(_, n)| *n as i64);
            let values: [(&str, &dyn ToSql); 3] =
                [("name", &name), ("sha256", &digest), ("rows", &rows)];
            self.insert(name, 0, "seed_files", &values);
        }
    }
}
