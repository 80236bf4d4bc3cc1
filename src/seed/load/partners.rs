//! The areas, the partners and their aliases: each checked against the text's
//! headings, its vocabulary and the others, and written.

use super::super::rows::{AliasRow, AreaRow, PartnerRow, SeedFile};
use super::super::{FastMap, FastSet};
use super::documents::Doc;
use super::loader::{Keys, Loader};
use super::{S_ALIAS, S_AREA, S_PARTNER};

impl Loader<'_> {
    pub(super) fn areas(&mut self, docs: &[Doc]) {
        let file = AreaRow::FILE;
        let mut keys = Keys::default();
        let mut sections = FastSet::default();
        keys.complete = self.read_csv(file, AreaRow::COLUMNS, |this, line, record, headers| {
            let Some(row) = this.parse::<AreaRow>(file, line, record, headers) else {
                return;
            };
            let mut ok = this.slug(file, line, "id", row.id);
            if ok && !keys.insert(row.id) {
                this.problem(file, Some(line), format!("duplicate id {:?}", row.id));
                ok = false;
            }
            ok &= this.required(file, line, "name", row.name);
            if this.required(file, line, "section", row.section) {
                if !sections.insert(row.section.to_string()) {
                    this.problem(
                        file,
                        Some(line),
                        format!("section {:?} is listed twice", row.section),
                    );
                    ok = false;
                }
                let heading = docs
                    .iter()
                    .flat_map(|d| &d.headings)
                    .find(|h| h.section == row.section);
                match heading {
                    None => {
                        this.problem(
                            file,
                            Some(line),
                            format!("no document has a section {:?}", row.section),
                        );
                        ok = false;
                    }
                    Some(h) if h.title != row.name => {
                        this.problem(
                            file,
                            Some(line),
                            format!(
                                "name {:?} differs from the heading of {} in the text: {:?}",
                                row.name, row.section, h.title
                            ),
                        );
                        ok = false;
                    }
                    Some(_) => {}
                }
            } else {
                ok = false;
            }
            if ok && this.ok() {
                this.out.row(
                    S_AREA,
                    file,
                    line,
                    &[row.id.into(), row.section.into(), row.name.into()],
                );
            }
        });
        self.count("areas", keys.len() as u64);
        self.areas = keys;
    }

    pub(super) fn partners(&mut self) {
        let file = PartnerRow::FILE;
        let mut keys = Keys::default();
        let mut names: FastMap<String, u64> = FastMap::default();
        let mut codes: FastMap<String, u64> = FastMap::default();
        let mut subjects = Vec::new();
        keys.complete = self.read_csv(file, PartnerRow::COLUMNS, |this, line, record, headers| {
            let Some(row) = this.parse::<PartnerRow>(file, line, record, headers) else {
                return;
            };
            let mut ok = this.slug(file, line, "id", row.id);
            if ok && !keys.insert(row.id) {
                this.problem(file, Some(line), format!("duplicate id {:?}", row.id));
                ok = false;
            }
            if this.required(file, line, "name", row.name) {
                if let Some(first) = names.insert(row.name.to_lowercase(), line) {
                    this.problem(file, Some(line), format!("name {:?} is already used at line {first}", row.name));
                    ok = false;
                }
            } else {
                ok = false;
            }
            ok &= this.term(file, line, "kind", "partner_kind", row.kind);
            match (row.kind, row.iso3) {
                ("country", Some(code)) if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) => {
                    if let Some(first) = codes.insert(code.to_string(), line) {
                        this.problem(file, Some(line), format!("iso3 {code:?} is already used at line {first}"));
                        ok = false;
                    }
                }
                ("country", Some(code)) => {
                    this.problem(file, Some(line), format!("iso3 {code:?} is not an ISO 3166-1 alpha-3 code (three capital letters)"));
                    ok = false;
                }
                ("country", None) => {
                    this.problem(file, Some(line), "`iso3` is empty: a country needs its ISO 3166-1 alpha-3 code");
                    ok = false;
                }
                (_, Some(code)) => {
                    this.problem(file, Some(line), format!("iso3 {code:?} given for a {}: only countries have one", row.kind));
                    ok = false;
                }
                (_, None) => {}
            }
            let is_subject = match row.is_subject {
                "0" => false,
                "1" => true,
                other => {
                    this.problem(file, Some(line), format!("`is_subject` {other:?} must be 0 or 1"));
                    ok = false;
                    false
                }
            };
            if is_subject {
                subjects.push((line, row.id.to_string(), this.partner_ids.len() as u32));
            }
            let index = this.partner_ids.len() as u32;
            this.partner_ids.push(row.id.to_string());
            this.partner_names.insert(row.id.to_lowercase(), index);
            this.partner_names.insert(row.name.to_lowercase(), index);
            if ok && this.ok() {
                let values = [row.id.into(), row.name.into(), row.kind.into(), row.iso3.into(), (is_subject as i64).into()];
                this.out.row(S_PARTNER, file, line, &values);
            }
        });
        if keys.complete {
            match subjects.as_slice() {
                [] => self.problem(
                    file,
                    None,
                    "no partner has is_subject = 1: the country whose policy the text states",
                ),
                [(_, _, index)] => self.subject = Some(*index),
                [_, rest @ ..] => {
                    for (line, id, _) in rest {
                        self.problem(
                            file,
                            Some(*line),
                            format!(
                                "{id:?} is a second subject: only one partner has is_subject = 1"
                            ),
                        );
                    }
                }
            }
        }
        self.count("partners", keys.len() as u64);
        self.partners = keys;
    }

    pub(super) fn aliases(&mut self) {
        let file = AliasRow::FILE;
        let mut seen: FastMap<String, u64> = FastMap::default();
        self.read_csv(file, AliasRow::COLUMNS, |this, line, record, headers| {
            let Some(row) = this.parse::<AliasRow>(file, line, record, headers) else {
                return;
            };
            let mut ok = this.required(file, line, "alias", row.alias);
            if ok && let Some(first) = seen.insert(row.alias.to_lowercase(), line) {
                this.problem(
                    file,
                    Some(line),
                    format!("alias {:?} is already listed at line {first}", row.alias),
                );
                ok = false;
            }
            if !this.partners.contains(row.partner_id) {
                if this.partners.complete {
                    this.problem(
                        file,
                        Some(line),
                        format!(
                            "unknown partner_id {:?} (aliases name a partner by its id)",
                            row.partner_id
                        ),
                    );
                }
                ok = false;
            }
            if ok {
                let key = row.alias.to_lowercase();
                let target = this.partner_names.get(row.partner_id).copied();
                match (this.partner_names.get(&key).copied(), target) {
                    (Some(other), Some(target)) if other != target => {
                        this.problem(
                            file,
                            Some(line),
                            format!(
                                "alias {:?} is already the id or name of partner {:?}",
                                row.alias, this.partner_ids[other as usize]
                            ),
                        );
                        ok = false;
                    }
                    (_, Some(target)) => {
                        this.partner_names.insert(key, target);
                    }
                    (_, None) => ok = false,
                }
            }
            if ok && this.ok() {
                this.out.row(
                    S_ALIAS,
                    file,
                    line,
                    &[row.alias.into(), row.partner_id.into(), row.note.into()],
                );
            }
        });
        self.count("partner_aliases", seen.len() as u64);
    }

    /// Resolve a partner reference (an id, a name or an alias, any case) to
    /// the partner's index.
    pub(super) fn resolve_partner(&self, reference: &str) -> Option<u32> {
        if reference
            .bytes()
            .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
        {
            self.partner_names.get(&reference.to_lowercase()).copied()
        } else {
            self.partner_names.get(reference).copied()
        }
    }
}
