//! The areas, the partners and their aliases: each checked against the text's
//! headings, its vocabulary and the others, and written.

use std::collections::{HashMap, HashSet};

use super::super::rows::{AliasRow, AreaRow, MembershipRow, PartnerRow, SeedFile};
use super::documents::Doc;
use super::loader::{Keys, Loader};

impl Loader<'_, '_> {
    pub(super) fn areas(&mut self, docs: &[Doc]) {
        let file = AreaRow::FILE;
        let mut keys = Keys::default();
        keys.complete = self.read_csv(file, AreaRow::COLUMNS, |this, line, record, headers| {
            let Some(row) = this.parse::<AreaRow>(file, line, record, headers) else {
                return;
            };
            keys.ids.insert(row.id.to_string());
            let heading =
                (docs.iter().flat_map(|d| &d.headings)).find(|h| h.section == row.section);
            let wrong = match heading {
                None => Some(format!("no document has a section {:?}", row.section)),
                Some(h) if h.title != row.name => Some(format!(
                    "name {:?} differs from the heading of {} in the text: {:?}",
                    row.name, row.section, h.title
                )),
                Some(_) => None,
            };
            if let Some(message) = wrong {
                this.problem(file, Some(line), message);
            }
            this.insert(file, line, "areas", &row.values());
        });
        self.areas = keys;
    }

    pub(super) fn partners(&mut self) {
        let file = PartnerRow::FILE;
        let mut keys = Keys::default();
        // Names differing only in case: the schema's UNIQUE tells the rest.
        let mut names: HashMap<String, String> = HashMap::new();
        keys.complete = self.read_csv(file, PartnerRow::COLUMNS, |this, line, record, headers| {
            let Some(row) = this.parse::<PartnerRow>(file, line, record, headers) else {
                return;
            };
            keys.ids.insert(row.id.to_string());
            if let Some(first) = names.insert(row.name.to_lowercase(), row.name.to_string())
                && first != row.name
            {
                let message = format!("name {:?} is {first:?} in another case", row.name);
                this.problem(file, Some(line), message);
            }
            this.term(file, line, "kind", "partner_kind", row.kind);
            // The schema lets a NULL through its CHECK.
            if row.kind == "country" && row.iso3.is_none() {
                let message = "`iso3` is empty: a country needs its ISO 3166-1 alpha-3 code";
                this.problem(file, Some(line), message);
            }
            // A second subject is refused by the schema's unique index.
            if row.is_subject == "1" && this.subject.is_none() {
                this.subject = Some(row.id.to_string());
            }
            for name in [row.id, row.name] {
                (this.partner_names).insert(name.to_lowercase(), row.id.to_string());
            }
            this.insert(file, line, "partners", &row.values());
        });
        if keys.complete && self.subject.is_none() {
            let message = "no partner has is_subject = 1: the country whose policy the text states";
            self.problem(file, None, message);
        }
        self.partners = keys;
    }

    pub(super) fn aliases(&mut self) {
        let file = AliasRow::FILE;
        let mut seen = HashSet::new();
        self.read_csv(file, AliasRow::COLUMNS, |this, line, record, headers| {
            let Some(row) = this.parse::<AliasRow>(file, line, record, headers) else {
                return;
            };
            let key = row.alias.to_lowercase();
            let id = row.partner_id.to_string();
            if !this.partners.ids.contains(&id) {
                if this.partners.complete {
                    let message =
                        format!("unknown partner_id {id:?} (aliases name a partner by its id)");
                    this.problem(file, Some(line), message);
                }
            // A second listing of an alias is the schema's duplicate.
            } else if seen.insert(key.clone())
                && let Some(other) = this.partner_names.insert(key.clone(), id.clone())
                && other != id
            {
                let message = format!(
                    "alias {:?} is already the id or name of partner {other:?}",
                    row.alias
                );
                this.problem(file, Some(line), message);
                this.partner_names.insert(key, other);
            }
            this.insert(file, line, "partner_aliases", &row.values());
        });
    }

    /// Resolve a partner reference (an id, a name or an alias, any case) to
    /// the partner's id.
    pub(super) fn resolve_partner(&self, reference: &str) -> Option<String> {
        self.partner_names.get(&reference.to_lowercase()).cloned()
    }

    /// The members of each organisation and forum partner: the schema holds
    /// each value to its form; an organisation must be a partner.
    pub(super) fn memberships(&mut self) {
        let file = MembershipRow::FILE;
        let columns = MembershipRow::COLUMNS;
        self.read_csv(file, columns, |this, line, record, headers| {
            let Some(row) = this.parse::<MembershipRow>(file, line, record, headers) else {
                return;
            };
            if this.partners.complete && !this.partners.ids.contains(row.organization_id) {
                let message = format!(
                    "unknown organization_id {:?}: not an id in partners.csv",
                    row.organization_id
                );
                this.problem(file, Some(line), message);
            }
            this.insert(file, line, "memberships", &row.values());
        });
    }
}
