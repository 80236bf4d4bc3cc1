//! The areas, the partners and their aliases: each checked against the text's
//! headings, its vocabulary and the others, and written.

use std::collections::{HashMap, HashSet};

use super::super::rows::{AliasRow, AreaRow, MembershipRow, PartnerRow, SeedFile};
use super::documents::Doc;
use super::loader::{Keys, Loader};

/// What must be unique among partners: names and codes (with the line that
/// first used each), and the subject.
#[derive(Default)]
struct UniquePartners {
    names: HashMap<String, u64>,
    codes: HashMap<String, u64>,
    subjects: Vec<(u64, String, u32)>,
}

impl Loader<'_, '_> {
    pub(super) fn areas(&mut self, docs: &[Doc]) {
        let file = AreaRow::FILE;
        let mut keys = Keys::default();
        let mut sections = HashSet::new();
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
            if ok {
                let sql = "INSERT INTO areas (id, section, name) VALUES (?, ?, ?)";
                this.insert(file, line, sql, (row.id, row.section, row.name));
            }
        });
        self.count("areas", keys.len() as u64);
        self.areas = keys;
    }

    pub(super) fn partners(&mut self) {
        let file = PartnerRow::FILE;
        let mut keys = Keys::default();
        let mut unique = UniquePartners::default();
        keys.complete = self.read_csv(file, PartnerRow::COLUMNS, |this, line, record, headers| {
            let Some(row) = this.parse::<PartnerRow>(file, line, record, headers) else {
                return;
            };
            let mut ok = this.slug(file, line, "id", row.id);
            if ok && !keys.insert(row.id) {
                this.problem(file, Some(line), format!("duplicate id {:?}", row.id));
                ok = false;
            }
            ok &= this.partner_name(line, row.name, &mut unique.names);
            ok &= this.term(file, line, "kind", "partner_kind", row.kind);
            ok &= this.iso3(line, &row, &mut unique.codes);
            let is_subject = match row.is_subject {
                "0" => false,
                "1" => true,
                other => {
                    let message = format!("`is_subject` {other:?} must be 0 or 1");
                    this.problem(file, Some(line), message);
                    ok = false;
                    false
                }
            };
            let index = this.partner_ids.len() as u32;
            if is_subject {
                unique.subjects.push((line, row.id.to_string(), index));
            }
            this.partner_ids.push(row.id.to_string());
            this.partner_names.insert(row.id.to_lowercase(), index);
            this.partner_names.insert(row.name.to_lowercase(), index);
            // SQLite would read "7x" as 7: a COW code is written in digits.
            let cow_code = row
                .cow_code
                .map(|code| code.parse::<u16>().map_err(|_| code));
            if let Some(Err(code)) = cow_code {
                let message = format!("`cow_code` {code:?} is not a whole number");
                this.problem(file, Some(line), message);
                ok = false;
            }
            if ok {
                let sql = "INSERT INTO partners (id, name, kind, iso3, is_subject, iso_alpha2,
                           iso_numeric, cow_code, cow_abbrev, m49_region_code, m49_region,
                           m49_subregion_code, m49_subregion, wikidata)
                           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
                let values = rusqlite::params![
                    row.id,
                    row.name,
                    row.kind,
                    row.iso3,
                    is_subject,
                    row.iso_alpha2,
                    row.iso_numeric,
                    cow_code.and_then(Result::ok),
                    row.cow_abbrev,
                    row.m49_region_code,
                    row.m49_region,
                    row.m49_subregion_code,
                    row.m49_subregion,
                    row.wikidata,
                ];
                this.insert(file, line, sql, values);
            }
        });
        if keys.complete {
            self.one_subject(&unique.subjects);
        }
        self.count("partners", keys.len() as u64);
        self.partners = keys;
    }

    /// A partner's name is given, and no other partner has it (in any case).
    fn partner_name(&mut self, line: u64, name: &str, names: &mut HashMap<String, u64>) -> bool {
        let file = PartnerRow::FILE;
        if !self.required(file, line, "name", name) {
            return false;
        }
        let Some(first) = names.insert(name.to_lowercase(), line) else {
            return true;
        };
        let message = format!("name {name:?} is already used at line {first}");
        self.problem(file, Some(line), message);
        false
    }

    /// A country has an ISO 3166-1 alpha-3 code no other partner has; an
    /// organisation or forum has none.
    fn iso3(&mut self, line: u64, row: &PartnerRow<'_>, codes: &mut HashMap<String, u64>) -> bool {
        let message = match (row.kind, row.iso3) {
            ("country", Some(code))
                if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) =>
            {
                match codes.insert(code.to_string(), line) {
                    None => return true,
                    Some(first) => format!("iso3 {code:?} is already used at line {first}"),
                }
            }
            ("country", Some(code)) => {
                format!("iso3 {code:?} is not an ISO 3166-1 alpha-3 code (three capital letters)")
            }
            ("country", None) => {
                "`iso3` is empty: a country needs its ISO 3166-1 alpha-3 code".to_string()
            }
            (kind, Some(code)) => {
                format!("iso3 {code:?} given for a {kind}: only countries have one")
            }
            (_, None) => return true,
        };
        self.problem(PartnerRow::FILE, Some(line), message);
        false
    }

    /// Exactly one partner is the subject: the country whose policy the
    /// text states.
    fn one_subject(&mut self, subjects: &[(u64, String, u32)]) {
        let file = PartnerRow::FILE;
        match subjects {
            [] => self.problem(
                file,
                None,
                "no partner has is_subject = 1: the country whose policy the text states",
            ),
            [(_, _, index)] => self.subject = Some(*index),
            [_, rest @ ..] => {
                for (line, id, _) in rest {
                    let message =
                        format!("{id:?} is a second subject: only one partner has is_subject = 1");
                    self.problem(file, Some(*line), message);
                }
            }
        }
    }

    pub(super) fn aliases(&mut self) {
        let file = AliasRow::FILE;
        let mut seen: HashMap<String, u64> = HashMap::new();
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
            if ok {
                let sql = "INSERT INTO partner_aliases (alias, partner_id, note) VALUES (?, ?, ?)";
                this.insert(file, line, sql, (row.alias, row.partner_id, row.note));
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

impl Loader<'_, '_> {
    /// The members of each organisation and forum partner: the schema holds
    /// each value to its form; an organisation must be a partner that is not
    /// a country.
    pub(super) fn memberships(&mut self) {
        let file = MembershipRow::FILE;
        let mut rows = 0;
        self.read_csv(
            file,
            MembershipRow::COLUMNS,
            |this, line, record, headers| {
                let Some(row) = this.parse::<MembershipRow>(file, line, record, headers) else {
                    return;
                };
                let organization = this
                    .partner_ids
                    .iter()
                    .position(|id| id == row.organization_id);
                if organization.is_none() && this.partners.complete {
                    let message = format!(
                        "unknown organization_id {:?}: not an id in partners.csv",
                        row.organization_id
                    );
                    this.problem(file, Some(line), message);
                    return;
                }
                let sql = "INSERT INTO memberships (organization_id, member, member_name,
                       member_kind, since, note) VALUES (?, ?, ?, ?, ?, ?)";
                let values = (
                    row.organization_id,
                    row.member,
                    row.member_name,
                    row.member_kind,
                    row.since,
                    row.note,
                );
                this.insert(file, line, sql, values);
                rows += 1;
            },
        );
        self.count("memberships", rows);
    }
}
