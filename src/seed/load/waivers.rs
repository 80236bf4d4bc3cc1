//! mention_waivers.csv: mentions of a partner in a fact's quote that are
//! rightly not links, each naming a fact that exists, the name as the quote
//! writes it, and why.

use std::collections::HashSet;

use super::super::rows::{MentionWaiverRow, SeedFile};
use super::loader::Loader;

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
            let facts = this.facts.get(row.fact_table);
            if ok && facts.is_some_and(|f| f.complete && !f.contains(row.fact_id)) {
                let message = format!(
                    "unknown fact_id {:?}: no such row in {}.csv",
                    row.fact_id, row.fact_table
                );
                this.problem(file, Some(line), message);
                ok = false;
            }
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
}
