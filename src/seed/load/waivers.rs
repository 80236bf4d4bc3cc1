//! The files that annotate facts: mention_waivers.csv, mentions of a partner
//! in a fact's quote that are rightly not links, each naming a fact that
//! exists, the name as the quote writes it, and why; and context_dates.csv,
//! a date a fact takes from the sentence framing its paragraph, with that
//! sentence quoted.

use std::collections::HashSet;

use super::super::rows::{ContextDateRow, MentionWaiverRow, SeedFile};
use super::loader::Loader;
use super::quotes::Quotes;

impl Loader<'_, '_> {
    pub(super) fn mention_waivers(&mut self) {
        let file = MentionWaiverRow::FILE;
        let mut seen: HashSet<[String; 3]> = HashSet::new();
        let columns = MentionWaiverRow::COLUMNS;
        self.read_csv(file, columns, |this, line, record, headers| {
            let Some(row) = this.parse::<MentionWaiverRow>(file, line, record, headers) else {
                return;
            };
            let mut ok = this.term(file, line, "fact_table", "fact_table", row.fact_table);
            ok &= this.required(file, line, "fact_id", row.fact_id);
            ok &= this.required(file, line, "name", row.name);
            ok &= this.required(file, line, "reason", row.reason);
            ok = ok && this.known_fact(file, line, row.fact_table, row.fact_id);
            // A waiver waives a partner's name as the quote writes it: a name
            // no partner goes by waives nothing.
            if ok && this.partners.complete && this.resolve_partner(row.name).is_none() {
                let message = format!(
                    "`name` {:?} is no partner's name or alias (partners.csv, \
                     partner_aliases.csv): a waiver names a partner as the quote writes it",
                    row.name
                );
                this.problem(file, Some(line), message);
                ok = false;
            }
            let key = [row.fact_table, row.fact_id, row.name].map(str::to_string);
            if ok && !seen.insert(key) {
                let message = format!(
                    "{:?} is already waived for {}/{}",
                    row.name, row.fact_table, row.fact_id
                );
                this.problem(file, Some(line), message);
                ok = false;
            }
            if ok {
                let sql = "INSERT INTO mention_waivers (fact_table, fact_id, name, reason)
                           VALUES (?, ?, ?, ?)";
                let values = (row.fact_table, row.fact_id, row.name, row.reason);
                this.insert(file, line, sql, values);
            }
        });
        self.count("mention_waivers", seen.len() as u64);
    }

    /// A fact exists in `fact_table` (a problem at the line when it does not).
    fn known_fact(&mut self, file: &str, line: u64, fact_table: &str, fact_id: &str) -> bool {
        let facts = self.facts.get(fact_table);
        if facts.is_some_and(|f| f.complete && !f.contains(fact_id)) {
            let message = format!("unknown fact_id {fact_id:?}: no such row in {fact_table}.csv");
            self.problem(file, Some(line), message);
            return false;
        }
        true
    }

    pub(super) fn context_dates(&mut self, quotes: &mut Quotes<'_, '_>) {
        let file = ContextDateRow::FILE;
        let mut rows = 0;
        self.read_csv(file, ContextDateRow::COLUMNS, |this, line, record, headers| {
            let Some(row) = this.parse::<ContextDateRow>(file, line, record, headers) else {
                return;
            };
            let mut ok = this.term(file, line, "fact_table", "fact_table", row.fact_table);
            ok = ok && this.known_fact(file, line, row.fact_table, row.fact_id);
            let found = match quotes.find(row.frame) {
                Ok(found) => Some(found),
                Err(why) => {
                    this.problem(file, Some(line), format!("`frame`: {why}"));
                    None
                }
            };
            let (true, Some(found)) = (ok, found) else {
                return;
            };
            let sql = "INSERT INTO context_dates (fact_table, fact_id, date_edtf, basis, frame,
                       passage_id, frame_start, frame_end, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
            let values = rusqlite::params![
                row.fact_table,
                row.fact_id,
                row.date_edtf,
                row.basis,
                row.frame,
                found.passage_id,
                found.start,
                found.end,
                row.note,
            ];
            this.insert(file, line, sql, values);
            rows += 1;
        });
        self.count("context_dates", rows);
    }
}
