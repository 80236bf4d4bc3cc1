//! The facts, their partner links and the figures, and the files that
//! annotate facts: each row checked (ids, vocabularies, dates, references,
//! its quote found in the text) and written.
//!
//! mention_waivers.csv holds mentions of a partner in a fact's quote that are
//! rightly not links, each naming a fact that exists, the name as the quote
//! writes it, and why; context_dates.csv, a date a fact takes from the
//! sentence framing its paragraph, with that sentence quoted.

use rusqlite::types::{Null, ToSqlOutput};

use super::super::files::FactFile;
use super::loader::{Keys, Loader};
use super::quotes::{Found, Quotes};
use super::row::Row;
use crate::dates;

impl Loader<'_, '_> {
    /// Where a row's quote (or frame) stands in the text; a quote not found
    /// is a problem at the row, and stands nowhere, so that the rest of the
    /// row is still held to the schema (the load will not commit).
    pub(super) fn quote(&mut self, row: &Row, column: &str, quotes: &mut Quotes<'_>) -> Found {
        let quote = row.get(column);
        // An empty quote is the schema's to tell.
        let found = (!quote.is_empty()).then(|| quotes.find(quote));
        match found {
            Some(Ok(found)) => return found,
            Some(Err(why)) if column == "quote" => self.wrong(row, why),
            Some(Err(why)) => self.wrong(row, format!("`{column}`: {why}")),
            None => {}
        }
        Found::NOWHERE
    }

    pub(super) fn facts(&mut self, spec: &FactFile, quotes: &mut Quotes<'_>) {
        let mut keys = Keys::default();
        keys.complete = self.read_csv(spec.file, |this, row| {
            keys.ids.insert(row.get("id").to_string());
            this.term(&row, "kind", spec.kind_domain);
            this.known_area(&row);
            if row.has("china_role") {
                this.term(&row, "china_role", "china_role");
            }
            let dated = this.dates(&row);
            this.unnamed_parties(&row);
            this.term(&row, "form", "form");
            let found = this.quote(&row, "quote", quotes);
            // A date told wrong above is not told again by the schema.
            let undated = ["date_text", "date_edtf"].map(|c| (c, ToSqlOutput::from(Null)));
            let undated = undated.into_iter().filter(|_| !dated);
            this.write(&row, found.columns("quote").into_iter().chain(undated));
        });
        self.facts.insert(spec.table, keys);
    }

    fn known_area(&mut self, row: &Row) {
        let area_id = row.get("area_id");
        if self.areas.ids.contains(area_id) || !self.areas.complete {
            return;
        }
        let ids = self.areas.ids.iter().map(String::as_str);
        let message = if area_id.is_empty() {
            let mut ids: Vec<&str> = ids.collect();
            ids.sort_unstable();
            format!("`area_id` is empty; the areas are: {}", ids.join(", "))
        } else {
            let near = crate::lookup::suggest(area_id, ids);
            format!("unknown area_id {area_id:?}{near}")
        };
        self.wrong(row, message);
    }

    /// Each unnamed party (`; `-separated) is words of the quote, verbatim.
    fn unnamed_parties(&mut self, row: &Row) {
        for party in row
            .opt("unnamed_parties")
            .into_iter()
            .flat_map(|p| p.split("; "))
        {
            if party.trim().is_empty() || party.trim() != party || !row.get("quote").contains(party)
            {
                let message =
                    format!("`unnamed_parties` {party:?} is not words of the quote, verbatim");
                self.wrong(row, message);
            }
        }
    }

    /// A fact's date: words of its quote (`date_text`), said again in EDTF
    /// (`date_edtf`, from which the schema derives the bounds).
    fn dates(&mut self, row: &Row) -> bool {
        let words = row.opt("date_text");
        // Words not in the quote are the first thing to put right: the
        // EDTF is held to them only once they are the quote's.
        let agreed = dates::in_quote(words, row.get("quote"))
            .and_then(|()| dates::agreement(words, row.opt("date_edtf")));
        let Err(message) = agreed else { return true };
        self.wrong(row, message);
        false
    }

    pub(super) fn links(&mut self, spec: &FactFile) {
        let facts = self.facts.remove(spec.table).unwrap_or_default();
        self.read_csv(spec.link_file, |this, row| {
            let fact_id = row.get(spec.link_column);
            if facts.complete && !facts.ids.contains(fact_id) {
                let (column, file) = (spec.link_column, spec.file);
                let message = format!("unknown {column} {fact_id:?}: no such row in {file}");
                this.wrong(&row, message);
            }
            let partner = this.link_partner(&row);
            this.term(&row, "role", "partner_role");
            if let Some(partner) = partner {
                this.write(&row, [("partner_id", partner.into())]);
            }
        });
        self.facts.insert(spec.table, facts);
    }

    /// The partner a link names (by id, name or alias), if it is one and not
    /// the subject.
    fn link_partner(&mut self, row: &Row) -> Option<String> {
        let reference = row.get("partner_id");
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
        self.wrong(row, message);
        None
    }

    pub(super) fn figures(&mut self, quotes: &mut Quotes<'_>) {
        let file = "figures.csv";
        let mut keys = Keys::default();
        let mut same: Vec<(u64, String, String)> = Vec::new();
        keys.complete = self.read_csv(file, |this, row| {
            keys.ids.insert(row.get("id").to_string());
            if row.opt("fact_table").is_some() && row.opt("fact_id").is_some() {
                this.known_fact(&row);
            }
            if row.opt("qualifier").is_some() {
                this.term(&row, "qualifier", "figure_qualifier");
            }
            let value_text = row.get("value_text");
            if !row.get("quote").contains(value_text) {
                this.wrong(
                    &row,
                    format!("`value_text` {value_text:?} is not in the quote"),
                );
            }
            if let Some(other) = row.opt("same_as") {
                same.push((row.line, row.get("id").to_string(), other.to_string()));
            }
            let found = this.quote(&row, "quote", quotes);
            this.write(&row, found.columns("quote"));
        });
        for (line, id, other) in same {
            if other == id || (keys.complete && !keys.ids.contains(&other)) {
                let message = format!("`same_as` {other:?} is not another figure of {file}");
                self.problem(file, Some(line), message);
            }
        }
    }

    /// The fact a row names by `fact_table` and `fact_id` exists (when its
    /// file was read whole); the table is one of the vocabulary's.
    fn known_fact(&mut self, row: &Row) {
        let (table, id) = (row.get("fact_table"), row.get("fact_id"));
        // An empty id is the schema's to tell.
        if !self.term(row, "fact_table", "fact_table") || id.is_empty() {
            return;
        }
        let facts = self.facts.get(table);
        if facts.is_some_and(|f| f.complete && !f.ids.contains(id)) {
            let message = format!("unknown fact_id {id:?}: no such row in {table}.csv");
            self.wrong(row, message);
        }
    }

    pub(super) fn mention_waivers(&mut self) {
        self.read_csv("mention_waivers.csv", |this, row| {
            this.known_fact(&row);
            // A waiver waives a partner's name as the quote writes it: a name
            // no partner goes by waives nothing.
            let name = row.get("name");
            if this.partners.complete && !name.is_empty() && this.resolve_partner(name).is_none() {
                let message = format!(
                    "`name` {name:?} is no partner's name or alias (partners.csv, \
                     partner_aliases.csv): a waiver names a partner as the quote writes it"
                );
                this.wrong(&row, message);
            }
            this.write(&row, []);
        });
    }

    pub(super) fn context_dates(&mut self, quotes: &mut Quotes<'_>) {
        self.read_csv("context_dates.csv", |this, row| {
            this.known_fact(&row);
            let found = this.quote(&row, "frame", quotes);
            this.write(&row, found.columns("frame"));
        });
    }
}
