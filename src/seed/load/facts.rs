//! The facts, their partner links and the figures: each row checked (ids,
//! vocabularies, dates, references, its quote found in the text) and written;
//! and the record of which seed files were loaded.

use super::super::FastMap;
use super::super::rows::FactFile;
use super::super::rows::{FactRow, FigureRow, LinkRow, SeedFile};
use super::super::sha256_hex;
use super::super::write::Val;
use super::documents::{Found, Quotes};
use super::loader::{Keys, Loader};
use super::{S_FACT, S_FIGURE, S_LINK, S_SEED_FILE};

impl Loader<'_> {
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

    pub(super) fn facts(&mut self, index: usize, spec: &FactFile, quotes: &mut Quotes<'_, '_>) {
        let file = spec.file;
        let has = |column: &str| spec.columns.contains(&column);
        let mut keys = Keys::default();
        keys.complete = self.read_csv(file, spec.columns, |this, line, record, headers| {
            let Some(row) = this.parse::<FactRow>(file, line, record, headers) else {
                return;
            };
            let mut ok = this.slug(file, line, "id", row.id);
            if ok && !keys.insert(row.id) {
                this.problem(file, Some(line), format!("duplicate id {:?}", row.id));
                ok = false;
            }
            let label = if has("topic") { "topic" } else { "name" };
            ok &= this.required(
                file,
                line,
                label,
                row.name.or(row.topic).unwrap_or_default(),
            );
            ok &= this.term(file, line, "kind", spec.kind_domain, row.kind);
            if !this.areas.contains(row.area_id) {
                if this.areas.complete {
                    this.problem(
                        file,
                        Some(line),
                        format!("unknown area_id {:?}", row.area_id),
                    );
                }
                ok = false;
            }
            if has("china_role") {
                ok &= this.term(
                    file,
                    line,
                    "china_role",
                    "china_role",
                    row.china_role.unwrap_or_default(),
                );
            }
            let edition = match row.edition {
                None => None,
                Some(text) => match text.parse::<i64>() {
                    Ok(n) if n >= 1 && text.bytes().all(|b| b.is_ascii_digit()) => Some(n),
                    _ => {
                        this.problem(
                            file,
                            Some(line),
                            format!("`edition` {text:?} must be a whole number from 1"),
                        );
                        ok = false;
                        None
                    }
                },
            };
            let start = this.date(file, line, "date_start", row.date_start);
            let end = this.date(file, line, "date_end", row.date_end);
            ok &= row.date_start.is_none() || start.is_some();
            ok &= row.date_end.is_none() || end.is_some();
            if let (Some(start), Some(end)) = (start, end)
                && end.cmp_common(&start).is_lt()
            {
                this.problem(
                    file,
                    Some(line),
                    format!("date_end {end} comes before date_start {start}"),
                );
                ok = false;
            }
            if row.date_end.is_some() && row.date_start.is_none() {
                this.problem(file, Some(line), "`date_end` without `date_start`");
                ok = false;
            }
            match (row.date_start.is_some(), row.date_text.is_some()) {
                (true, false) => {
                    this.problem(
                        file,
                        Some(line),
                        "`date_text` is empty: keep the words the text dates it with",
                    );
                    ok = false;
                }
                (false, true) => {
                    this.problem(file, Some(line), "`date_text` without `date_start`");
                    ok = false;
                }
                _ => {}
            }
            let found = this.quote(file, line, row.quote, quotes);
            let (true, Some(found)) = (ok, found) else {
                return;
            };
            if !this.ok() {
                return;
            }
            // The values in the order of the statement's columns: the
            // file's, then where the quote was found.
            let mut values = [Val::Null; 13];
            for (slot, column) in values.iter_mut().zip(spec.columns) {
                *slot = match *column {
                    "id" => row.id.into(),
                    "name" => row.name.into(),
                    "topic" => row.topic.into(),
                    "kind" => row.kind.into(),
                    "area_id" => row.area_id.into(),
                    "china_role" => row.china_role.into(),
                    "edition" => edition.into(),
                    "date_start" => row.date_start.into(),
                    "date_end" => row.date_end.into(),
                    "date_text" => row.date_text.into(),
                    "quote" => row.quote.into(),
                    other => unreachable!("no fact column {other}"),
                };
            }
            let n = spec.columns.len();
            values[n] = found.passage_id.into();
            values[n + 1] = found.start.into();
            values[n + 2] = found.end.into();
            this.out.row(S_FACT + index, file, line, &values[..n + 3]);
        });
        self.count(spec.table, keys.len() as u64);
        self.facts.insert(spec.table, keys);
    }

    pub(super) fn links(&mut self, index: usize, spec: &FactFile) {
        let file = spec.link_file;
        let columns = [spec.link_column, "partner_id", "role"];
        let mut seen: FastMap<(u32, u32), u64> = FastMap::default();
        let facts = self.facts.remove(spec.table).unwrap_or_default();
        self.read_csv(file, &columns, |this, line, record, headers| {
            let Some(row) = this.parse::<LinkRow>(file, line, record, headers) else {
                return;
            };
            let mut ok = true;
            if !facts.contains(row.fact_id) {
                if facts.complete {
                    this.problem(file, Some(line), format!("unknown {} {:?}: no such row in {}", spec.link_column, row.fact_id, spec.file));
                }
                ok = false;
            }
            let partner = this.resolve_partner(row.partner_id);
            match &partner {
                None => {
                    if this.partners.complete {
                        this.problem(file, Some(line), format!("unknown partner {:?}: not an id, name or alias in partners.csv or partner_aliases.csv", row.partner_id));
                    }
                    ok = false;
                }
                Some(index) if this.subject == Some(*index) => {
                    this.problem(file, Some(line), format!("{:?} is the subject: its part is the fact's china_role, not a partner link", row.partner_id));
                    ok = false;
                }
                Some(_) => {}
            }
            ok &= this.term(file, line, "role", "partner_role", row.role);
            let (true, Some(partner)) = (ok, partner) else {
                return;
            };
            let fact = facts.index(row.fact_id).expect("checked above");
            if let Some(first) = seen.insert((fact, partner), line) {
                this.problem(file, Some(line), format!("{:?} is already linked to {:?} at line {first}", row.partner_id, row.fact_id));
                return;
            }
            if this.ok() {
                let values = [row.fact_id.into(), (&this.partner_ids[partner as usize]).into(), row.role.into()];
                this.out.row(S_LINK + index, file, line, &values);
            }
        });
        self.facts.insert(spec.table, facts);
        self.count(spec.link_table, seen.len() as u64);
    }

    pub(super) fn figures(&mut self, quotes: &mut Quotes<'_, '_>) {
        let file = FigureRow::FILE;
        let mut keys = Keys::default();
        self.read_csv(file, FigureRow::COLUMNS, |this, line, record, headers| {
            let Some(row) = this.parse::<FigureRow>(file, line, record, headers) else {
                return;
            };
            let mut ok = this.slug(file, line, "id", row.id);
            if ok && !keys.insert(row.id) {
                this.problem(file, Some(line), format!("duplicate id {:?}", row.id));
                ok = false;
            }
            match (row.fact_table, row.fact_id) {
                (None, None) => {}
                (Some(table), Some(id)) => {
                    if this.term(file, line, "fact_table", "fact_table", table) {
                        let facts = this.facts.get(table);
                        if facts.is_some_and(|f| f.complete && !f.contains(id)) {
                            this.problem(
                                file,
                                Some(line),
                                format!("unknown fact_id {id:?}: no such row in {table}.csv"),
                            );
                            ok = false;
                        }
                    } else {
                        ok = false;
                    }
                }
                _ => {
                    this.problem(
                        file,
                        Some(line),
                        "`fact_table` and `fact_id` go together: give both or neither",
                    );
                    ok = false;
                }
            }
            ok &= this.required(file, line, "metric", row.metric);
            ok &= this.required(file, line, "unit", row.unit);
            let value: Option<Val<'static>> = if let Ok(n) = row.value.parse::<i64>() {
                Some(Val::Int(n))
            } else if let Ok(x) = row.value.parse::<f64>()
                && x.is_finite()
                && row
                    .value
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
            {
                Some(Val::Real(x))
            } else {
                this.problem(
                    file,
                    Some(line),
                    format!(
                        "`value` {:?} is not a number (digits, an optional point, no commas)",
                        row.value
                    ),
                );
                None
            };
            ok &= value.is_some();
            if let Some(qualifier) = row.qualifier {
                ok &= this.term(file, line, "qualifier", "figure_qualifier", qualifier);
            }
            if this.required(file, line, "value_text", row.value_text)
                && !row.quote.contains(row.value_text)
            {
                this.problem(
                    file,
                    Some(line),
                    format!("`value_text` {:?} is not in the quote", row.value_text),
                );
                ok = false;
            }
            let found = this.quote(file, line, row.quote, quotes);
            let (true, Some(found), Some(value)) = (ok, found, value) else {
                return;
            };
            if this.ok() {
                let values = [
                    row.id.into(),
                    row.fact_table.into(),
                    row.fact_id.into(),
                    row.metric.into(),
                    value,
                    row.value_text.into(),
                    row.unit.into(),
                    row.qualifier.into(),
                    row.quote.into(),
                    found.passage_id.into(),
                    found.start.into(),
                    found.end.into(),
                ];
                this.out.row(S_FIGURE, file, line, &values);
            }
        });
        self.count("figures", keys.len() as u64);
    }

    /// Record which files were loaded, with their digests and, for a CSV
    /// file, the rows it put in its table.
    pub(super) fn record_files(&mut self) {
        for name in self.seed.names() {
            let bytes = self.seed.get(name).unwrap_or_default();
            let rows = name
                .strip_suffix(".csv")
                .and_then(|t| self.counts.iter().find(|(c, _)| *c == t))
                .map(|(_, n)| *n as i64);
            let digest = sha256_hex(bytes);
            self.out.row(
                S_SEED_FILE,
                "seed_files",
                0,
                &[name.into(), (&digest).into(), rows.into()],
            );
        }
    }
}
