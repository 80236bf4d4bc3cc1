//! The areas, the partners, their aliases and memberships: each checked
//! against the text's headings, its vocabulary and the others, and written.

use std::collections::{HashMap, HashSet};

use super::documents::Doc;
use super::loader::{Keys, Loader};

impl Loader<'_, '_> {
    pub(super) fn areas(&mut self, docs: &[Doc]) {
        let mut keys = Keys::default();
        keys.complete = self.read_csv("areas.csv", |this, row| {
            keys.ids.insert(row.get("id").to_string());
            let (section, name) = (row.get("section"), row.get("name"));
            let heading = (docs.iter().flat_map(|d| &d.headings)).find(|(s, _)| s == section);
            match heading {
                None => this.wrong(&row, format!("no document has a section {section:?}")),
                Some((_, title)) if title != name => this.wrong(
                    &row,
                    format!(
                        "name {name:?} differs from the heading of {section} in the text: {title:?}"
                    ),
                ),
                Some(_) => {}
            }
            this.write(&row, []);
        });
        self.areas = keys;
    }

    pub(super) fn partners(&mut self) {
        let file = "partners.csv";
        let mut keys = Keys::default();
        // Names differing only in case: the schema's UNIQUE tells the rest.
        let mut names: HashMap<String, String> = HashMap::new();
        keys.complete = self.read_csv(file, |this, row| {
            let (id, name) = (row.get("id"), row.get("name"));
            keys.ids.insert(id.to_string());
            if let Some(first) = names.insert(name.to_lowercase(), name.to_string())
                && first != name
            {
                this.wrong(&row, format!("name {name:?} is {first:?} in another case"));
            }
            this.term(&row, "kind", "partner_kind");
            // The schema lets a NULL through its CHECK.
            if row.get("kind") == "country" && row.opt("iso3").is_none() {
                let message = "`iso3` is empty: a country needs its ISO 3166-1 alpha-3 code";
                this.wrong(&row, message);
            }
            // A second subject is refused by the schema's unique index.
            if row.get("is_subject") == "1" && this.subject.is_none() {
                this.subject = Some(id.to_string());
            }
            for name in [id, name] {
                (this.partner_names).insert(name.to_lowercase(), id.to_string());
            }
            this.write(&row, []);
        });
        if keys.complete && self.subject.is_none() {
            let message = "no partner has is_subject = 1: the country whose policy the text states";
            self.problem(file, None, message);
        }
        self.partners = keys;
    }

    pub(super) fn aliases(&mut self) {
        let mut seen = HashSet::new();
        self.read_csv("partner_aliases.csv", |this, row| {
            let alias = row.get("alias");
            let (key, id) = (alias.to_lowercase(), row.get("partner_id").to_string());
            if !this.partners.ids.contains(&id) {
                if this.partners.complete {
                    let message =
                        format!("unknown partner_id {id:?} (aliases name a partner by its id)");
                    this.wrong(&row, message);
                }
            // A second listing of an alias is the schema's duplicate.
            } else if seen.insert(key.clone())
                && let Some(other) = this.partner_names.insert(key.clone(), id.clone())
                && other != id
            {
                let message =
                    format!("alias {alias:?} is already the id or name of partner {other:?}");
                this.wrong(&row, message);
                this.partner_names.insert(key, other);
            }
            this.write(&row, []);
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
        self.read_csv("memberships.csv", |this, row| {
            let organization = row.get("organization_id");
            if this.partners.complete && !this.partners.ids.contains(organization) {
                let message =
                    format!("unknown organization_id {organization:?}: not an id in partners.csv");
                this.wrong(&row, message);
            }
            this.write(&row, []);
        });
    }
}
