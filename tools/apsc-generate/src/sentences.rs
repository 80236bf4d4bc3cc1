//! The body of the synthetic text, sentence by sentence: each sentence with
//! the facts that quote it (written to the fact files in the columns that
//! `crate::format` gives each file), their partner links and, now and then,
//! a figure; sentences gathered into paragraphs under the six area headings.

use std::path::Path;

use crate::csv_out::Out;
use crate::format::{FigureRow, SeedFile};
use crate::partners::Partner;
use crate::phrases::{DatePhrase, Figure, capitalize, date_phrase, figure, label, ordinal, verb};
use crate::plan::{AREAS, PLANS, pick_plan};
use crate::rng::Rng;

/// The text written, and what went with it.
pub struct Body {
    /// The restored text: title, headings and paragraphs.
    pub text: String,
    /// Data rows of each fact file and its link file, in the order of
    /// `FACT_FILES`, then of figures.csv.
    pub rows: Vec<(&'static str, u64)>,
    pub paragraphs: u64,
    pub sentences: u64,
}

/// One fact of the sentence being written.
struct Fact<'k> {
    plan: usize,
    id: String,
    kind: &'k str,
    china_role: &'static str,
}

/// What a sentence says, which every fact that quotes it shares.
struct Said<'t> {
    area_id: &'static str,
    topic: &'static str,
    date: Option<DatePhrase>,
    text: &'t str,
}

struct Writer<'a> {
    rng: &'a mut Rng,
    partners: &'a [Partner],
    kinds: &'a [Vec<String>],
    facts_out: Vec<Out>,
    links_out: Vec<Out>,
    figures_out: Out,
    next_id: [u64; PLANS.len()],
    serial: u64,
    figures: u64,
}

/// Write the fact, link and figure files of `facts` facts into `dir`, and
/// return the text they quote.
pub fn write(
    dir: &Path,
    rng: &mut Rng,
    partners: &[Partner],
    kinds: &[Vec<String>],
    facts: u64,
) -> anyhow::Result<Body> {
    let mut facts_out = Vec::with_capacity(PLANS.len());
    let mut links_out = Vec::with_capacity(PLANS.len());
    for plan in &PLANS {
        let file = plan.file;
        facts_out.push(Out::create(dir, file.file, file.columns)?);
        links_out.push(Out::create(dir, file.link_file, &file.link_columns())?);
    }
    let mut writer = Writer {
        rng,
        partners,
        kinds,
        facts_out,
        links_out,
        figures_out: Out::create(dir, FigureRow::FILE, FigureRow::COLUMNS)?,
        next_id: [0; PLANS.len()],
        serial: 0,
        figures: 0,
    };
    let mut text = String::with_capacity((facts as usize).saturating_mul(30) + 4096);
    text.push_str("China's Policies on Asia-Pacific Security Cooperation\n");
    text.push_str("VI. China's Participation in Regional Non-Traditional Security Cooperation\n");
    let mut paragraphs = 0;
    for (k, (area_id, heading, topics)) in AREAS.iter().enumerate() {
        text.push_str(&format!("{}. {heading}\n", k + 1));
        let k = k as u64;
        let share = facts * (k + 1) / 6 - facts * k / 6;
        // With no facts at all, one uncited sentence keeps a paragraph.
        let filler = facts == 0 && k == 0;
        paragraphs += writer.area(&mut text, share, filler, area_id, topics)?;
    }
    let mut rows = Vec::with_capacity(2 * PLANS.len() + 1);
    for (facts, links) in writer.facts_out.into_iter().zip(writer.links_out) {
        rows.push(facts.finish()?);
        rows.push(links.finish()?);
    }
    rows.push(writer.figures_out.finish()?);
    Ok(Body {
        text,
        rows,
        paragraphs,
        sentences: writer.serial,
    })
}

impl<'a> Writer<'a> {
    /// The paragraphs of one area, quoted by `facts` facts; returns how many.
    fn area(
        &mut self,
        text: &mut String,
        mut facts: u64,
        mut filler: bool,
        area_id: &'static str,
        topics: &'static [&'static str],
    ) -> anyhow::Result<u64> {
        let (mut in_paragraph, mut paragraphs) = (0, 0);
        let mut paragraph_len = self.rng.range(2, 6);
        let mut sentence = String::with_capacity(256);
        while facts > 0 || filler {
            filler = false;
            let size = self.rng.range(1, 8).min(facts);
            facts -= size;
            self.sentence(&mut sentence, area_id, topics, size)?;
            if in_paragraph > 0 {
                text.push(' ');
            }
            text.push_str(&sentence);
            in_paragraph += 1;
            if in_paragraph == paragraph_len {
                text.push('\n');
                paragraphs += 1;
                in_paragraph = 0;
                paragraph_len = self.rng.range(2, 6);
            }
        }
        if in_paragraph > 0 {
            text.push('\n');
            paragraphs += 1;
        }
        Ok(paragraphs)
    }

    /// One sentence into `out`, quoted by `size` facts (none for a filler).
    fn sentence(
        &mut self,
        out: &mut String,
        area_id: &'static str,
        topics: &'static [&'static str],
        size: u64,
    ) -> anyhow::Result<()> {
        self.serial += 1;
        let group = self.group(size);
        let topic = self.rng.pick(topics);
        let date = self.rng.chance(40).then(|| date_phrase(self.rng));
        let formal = self.rng.chance(25);
        let others = self.partners.len() as u64 - 1;
        let partner = self
            .rng
            .chance(85)
            .then(|| 1 + self.rng.below(others) as usize);
        let figure = self.rng.chance(45).then(|| figure(self.rng));
        out.clear();
        self.compose(out, &group[0], topic, date.as_ref(), formal);
        if let Some(p) = partner {
            out.push_str(" with ");
            out.push_str(&self.partners[p].name);
        }
        if let Some(figure) = &figure {
            out.push_str(&figure.phrase);
        }
        out.push('.');
        let said = Said {
            area_id,
            topic,
            date,
            text: out.as_str(),
        };
        for fact in group.iter().take(size as usize) {
            let linked = self.pick_links(partner);
            self.fact_row(fact, &said, self.form(&linked))?;
            self.links(fact, linked)?;
        }
        if let Some(figure) = figure {
            self.figure_row(&figure, &group[..size as usize], out)?;
        }
        Ok(())
    }

    /// The facts that quote a sentence; the first leads its wording. A
    /// filler sentence has one fact with no id, which only words it.
    fn group(&mut self, size: u64) -> Vec<Fact<'a>> {
        let kinds: &'a [Vec<String>] = self.kinds;
        let lead = pick_plan(self.rng);
        (0..size.max(1))
            .map(|i| {
                let plan = if i == 0 { lead } else { pick_plan(self.rng) };
                let terms = &kinds[plan];
                let kind = terms[self.rng.below(terms.len() as u64) as usize].as_str();
                let roles = PLANS[plan].china_roles;
                let china_role = if roles.is_empty() {
                    ""
                } else {
                    self.rng.pick(roles)
                };
                let id = if i < size {
                    self.next_id[plan] += 1;
                    format!("{}-{}", PLANS[plan].id_prefix, self.next_id[plan])
                } else {
                    String::new()
                };
                Fact {
                    plan,
                    id,
                    kind,
                    china_role,
                }
            })
            .collect()
    }

    /// The sentence's opening: its date, China and what it did.
    fn compose(
        &self,
        out: &mut String,
        lead: &Fact<'_>,
        topic: &str,
        date: Option<&DatePhrase>,
        formal: bool,
    ) {
        let subject = match (date, formal) {
            (Some(date), _) => {
                out.push_str(&date.text);
                out.push(' ');
                if formal {
                    "the Chinese government"
                } else {
                    "China"
                }
            }
            (None, true) => "The Chinese government",
            (None, false) => "China",
        };
        let item = label(lead.kind);
        let verb = verb(if lead.china_role.is_empty() {
            lead.kind
        } else {
            lead.china_role
        });
        out.push_str(&format!(
            "{subject} {verb} {item} {} on {topic}",
            self.serial
        ));
    }

    /// A fact's row, in the columns its file has.
    fn fact_row(&mut self, fact: &Fact<'_>, said: &Said<'_>, form: &str) -> anyhow::Result<()> {
        let columns = PLANS[fact.plan].file.columns;
        let dated = said.date.as_ref().filter(|_| self.rng.chance(85));
        let (date_text, date_edtf) = match dated {
            Some(d) => (&*d.text, &*d.edtf),
            None => ("", ""),
        };
        let (serial, topic, label) = (self.serial, said.topic, label(fact.kind));
        let edition = if columns.contains(&"edition") && self.rng.chance(25) {
            Some(self.rng.range(1, 15))
        } else {
            None
        };
        let name = match edition {
            Some(e) => format!("{} {label} {serial} on {topic}", ordinal(e)),
            None => format!("{} {serial} on {topic}", capitalize(label)),
        };
        let statement_topic = if columns.contains(&"topic") {
            format!(
                "{} on {topic} under initiative {serial}",
                capitalize(fact.kind)
            )
        } else {
            String::new()
        };
        let edition = edition.map(|e| e.to_string()).unwrap_or_default();
        let record = columns.iter().map(|column| match *column {
            "id" => fact.id.as_str(),
            "name" => &name,
            "topic" => &statement_topic,
            "kind" => fact.kind,
            "area_id" => said.area_id,
            "china_role" => fact.china_role,
            "edition" => &edition,
            "date_text" => date_text,
            "date_edtf" => date_edtf,
            "quote" => said.text,
            "unnamed_parties" => "",
            "form" => form,
            // Curators' columns: no theme, no notes.
            "theme" | "note" => "",
            other => unreachable!("the generator has no value for fact column {other}"),
        });
        self.facts_out[fact.plan].row(record)
    }

    /// A fact's partner links: the partner the sentence names, then others,
    /// each once; never the subject. A named partner is always linked, so
    /// that every mention in a quote is a link (as `apsc check` wants of a
    /// curated seed); the others stand for partners a curator links from
    /// context. Each is named by its id, its name or an alias.
    fn pick_links(&mut self, named: Option<usize>) -> Vec<usize> {
        let others = self.partners.len() - 1;
        let wanted = match self.rng.below(20) {
            0..=3 => 0,
            4..=12 => 1,
            13..=17 => 2,
            _ => 3,
        }
        .max(usize::from(named.is_some()))
        .min(others);
        let mut linked = Vec::with_capacity(wanted);
        if let Some(p) = named.filter(|_| wanted > 0) {
            linked.push(p);
        }
        while linked.len() < wanted {
            let p = 1 + self.rng.below(others as u64) as usize;
            if !linked.contains(&p) {
                linked.push(p);
            }
        }
        linked
    }

    /// The form the links give (the rule `apsc check` holds a fact to when
    /// its note does not say why it differs).
    fn form(&self, linked: &[usize]) -> &'static str {
        let groups = linked.iter().any(|p| self.partners[*p].kind != "country");
        match linked.len() {
            0 => "unilateral",
            _ if groups => "multilateral",
            1 => "bilateral",
            2 => "trilateral",
            _ => "multilateral",
        }
    }

    /// Write a fact's partner links, each named by its id, its name or an alias.
    fn links(&mut self, fact: &Fact<'_>, linked: Vec<usize>) -> anyhow::Result<()> {
        let partners = self.partners;
        let plan = &PLANS[fact.plan];
        for p in linked {
            let partner = &partners[p];
            let reference = match self.rng.below(3) {
                0 => &partner.id,
                1 => &partner.name,
                _ => partner
                    .aliases
                    .first()
                    .map_or(&partner.name, |(alias, _)| alias),
            };
            let roles = if partner.kind == "country" {
                plan.country_roles
            } else {
                plan.body_roles
            };
            let role = self.rng.pick(roles);
            self.links_out[fact.plan].row([fact.id.as_str(), reference, role, ""])?;
        }
        Ok(())
    }

    /// The figure a sentence states, mostly tied to one of its facts.
    fn figure_row(
        &mut self,
        figure: &Figure,
        facts: &[Fact<'_>],
        quote: &str,
    ) -> anyhow::Result<()> {
        self.figures += 1;
        let size = facts.len() as u64;
        let fact = (size > 0 && self.rng.chance(85)).then(|| &facts[self.rng.below(size) as usize]);
        let (table, fact_id) = fact.map_or(("", ""), |f| (PLANS[f.plan].file.table, f.id.as_str()));
        // In the order of FigureRow::COLUMNS, the header written above.
        self.figures_out.row([
            format!("figure-{}", self.figures).as_str(),
            table,
            fact_id,
            figure.metric,
            &figure.value,
            &figure.value_text,
            figure.unit,
            figure.qualifier,
            quote,
            "",
            "",
        ])
    }
}
