//! The files that annotate facts: mention_waivers.csv, mentions of a partner
//! in a fact's quote that are rightly not links, each naming a fact that
//! exists, the name as the quote writes it, and why; and context_dates.csv,
//! a date a fact takes from the sentence framing its paragraph, with that
//! sentence quoted.

use super::super::rows::{ContextDateRow, MentionWaiverRow, SeedFile};
use super::loader::Loader;
use super::quotes::Quotes;

impl Loader<'_, '_> {
    pub(super) fn mention_waivers(&mut self) {
        let file = MentionWaiverRow::FILE;
        let columns = MentionWaiverRow::COLUMNS;
        self.read_csv(file, columns, |this, line, record, headers| {
            let Some(row) = this.parse::<MentionWaiverRow>(file, line, record, headers) else {
                return;
            };
            this.known_fact(file, line, row.fact_table, row.fact_id);
            // A waiver waives a partner's name as the quote writes it: a name
            // no partner goes by waives nothing.
            if this.partners.complete
                && !row.name.is_empty()
                && this.resolve_partner(row.name).is_none()
            {
                let message = format!(
                    "`name` {:?} is no partner's name or alias (partners.csv, \
                     partner_aliases.csv): a waiver names a partner as the quote writes it",
                    row.name
                );
                this.problem(file, Some(line), message);
            }
            this.insert(file, line, "mention_waivers", &row.values());
        });
    }

    pub(super) fn context_dates(&mut self, quotes: &mut Quotes<'_>) {
        let file = ContextDateRow::FILE;
        self.read_csv(
            file,
            ContextDateRow::COLUMNS,
            |this, line, record, headers| {
                let Some(row) = this.parse::<ContextDateRow>(file, line, record, headers) else {
                    return;
                };
                this.known_fact(file, line, row.fact_table, row.fact_id);
                let found = this.quote(file, line, "frame", row.frame, quotes);
                let mut values = row.values();
                values.extend(found.columns("frame"));
                this.insert(file, line, "context_dates", &values);
            },
        );
    }
}
