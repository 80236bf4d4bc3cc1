//! The checks of the curation, over the rows as they stand in the file (so
//! that an edit made in another SQLite tool is caught): every `date_edtf`
//! agrees with its `date_text` and bounds by the loader's rules
//! ([`crate::edtf`]), and every partner a fact's quote names is linked to the
//! fact or waived in `mention_waivers` ([`crate::mentions`], which says what
//! part of a quote is judged for each fact). A waiver names the mention as
//! the quote writes it, ignoring case.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use anyhow::Context;
use rusqlite::Connection;

use super::{SHOWN, Verdict, listing, verdict};
use crate::edtf::{self, FactDate};
use crate::mentions::{Matcher, about_fact, name_span};

pub fn dates(conn: &Connection) -> anyhow::Result<Verdict> {
    let run = || -> rusqlite::Result<(usize, Vec<String>)> {
        let mut stmt = conn.prepare(
            "SELECT fact_table, fact_id, date_start, date_end, date_text, date_edtf
               FROM facts ORDER BY fact_table, fact_id",
        )?;
        let mut rows = stmt.query([])?;
        let (mut dated, mut failures) = (0, Vec::new());
        while let Some(row) = rows.next()? {
            let date = FactDate {
                start: row.get_ref(2)?.as_str_or_null()?,
                end: row.get_ref(3)?.as_str_or_null()?,
                text: row.get_ref(4)?.as_str_or_null()?,
                edtf: row.get_ref(5)?.as_str_or_null()?,
            };
            dated += usize::from(date.start.is_some());
            if let Err(message) = edtf::agreement(&date) {
                let (table, id): (String, String) = (row.get(0)?, row.get(1)?);
                failures.push(format!("{table}/{id}: {message}"));
            }
        }
        Ok((dated, failures))
    };
    let (dated, failures) = run().context("reading the facts' dates")?;
    Ok(verdict(&failures, || {
        format!("{dated} dated facts, each date_edtf agreeing with its date_text and bounds")
    }))
}

/// A partner mentioned in a fact's quote without a link or a waiver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unlinked {
    pub fact_table: String,
    pub fact_id: String,
    /// The name as the quote writes it.
    pub name: String,
    pub partner_id: String,
}

/// Each partner's id and whether it is the subject, by index.
type Partners = Vec<(String, bool)>;

/// The partners a quote may name, and a matcher of every name and alias,
/// giving the index of its partner.
fn partner_matcher(conn: &Connection) -> rusqlite::Result<(Partners, Matcher<usize>)> {
    let mut stmt = conn.prepare("SELECT id, is_subject = 1, name FROM partners ORDER BY id")?;
    let partners: Vec<(String, bool, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let index: HashMap<&str, usize> = partners
        .iter()
        .enumerate()
        .map(|(i, (id, _, _))| (id.as_str(), i))
        .collect();
    let mut stmt = conn.prepare("SELECT partner_id, alias FROM partner_aliases")?;
    let aliases: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    // The subject's names are matched too, so that they take their words,
    // and are never reported.
    let names = partners
        .iter()
        .enumerate()
        .map(|(i, (_, _, name))| (name.as_str(), i))
        .chain(
            aliases
                .iter()
                .filter_map(|(id, alias)| index.get(id.as_str()).map(|&i| (alias.as_str(), i))),
        );
    let matcher = Matcher::new(names);
    let partners = partners.into_iter().map(|(id, s, _)| (id, s)).collect();
    Ok((partners, matcher))
}

/// Every row of a query as `width` text columns.
fn text_rows(conn: &Connection, sql: &str, width: usize) -> rusqlite::Result<Vec<Vec<String>>> {
    let mut stmt = conn.prepare(sql)?;
    stmt.query_map([], |row| (0..width).map(|i| row.get(i)).collect())?
        .collect()
}

/// Every mention of a partner in a fact's quote (in the part about the fact)
/// that has neither a link from the fact to the partner nor a waiver. One
/// pass over each distinct quote; every lookup after is a hash probe.
pub fn unlinked_mentions(conn: &Connection) -> anyhow::Result<(usize, Vec<Unlinked>)> {
    let (partners, matcher) = partner_matcher(conn).context("reading the partners")?;
    let links: HashSet<(String, String, String)> = text_rows(
        conn,
        "SELECT fact_table, fact_id, partner_id FROM fact_partners",
        3,
    )
    .context("reading the partner links")?
    .into_iter()
    .map(|r| (r[0].clone(), r[1].clone(), r[2].clone()))
    .collect();
    let waived: HashSet<(String, String, String)> = text_rows(
        conn,
        "SELECT fact_table, fact_id, lower(name) FROM mention_waivers",
        3,
    )
    .context("reading the mention waivers")?
    .into_iter()
    .map(|r| (r[0].clone(), r[1].clone(), r[2].clone()))
    .collect();
    let facts = text_rows(
        conn,
        "SELECT fact_table, fact_id, name, quote FROM facts ORDER BY fact_table, fact_id",
        4,
    )
    .context("reading the facts")?;
    // The facts of each quote, so that each quote is matched once and each
    // fact knows where the others are named.
    let mut by_quote: HashMap<&str, Vec<&[String]>> = HashMap::new();
    for fact in &facts {
        by_quote.entry(fact[3].as_str()).or_default().push(fact);
    }
    let (mut mentions, mut unlinked) = (0, Vec::new());
    for (quote, facts) in by_quote {
        let found = matcher.find(quote);
        let spans: Vec<Option<Range<usize>>> =
            facts.iter().map(|f| name_span(quote, &f[2])).collect();
        for (i, fact) in facts.iter().enumerate() {
            let (table, id) = (&fact[0], &fact[1]);
            let others: Vec<Range<usize>> = spans
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .filter_map(|(_, s)| s.clone())
                .collect();
            let mut seen = HashSet::new();
            for m in about_fact(quote, &found, spans[i].as_ref(), &others) {
                let (partner_id, is_subject) = &partners[m.partner];
                if *is_subject {
                    continue;
                }
                mentions += 1;
                let written = &quote[m.span.clone()];
                let key = (table.clone(), id.clone(), written.to_lowercase());
                let linked = links.contains(&(table.clone(), id.clone(), partner_id.clone()))
                    || (spans[i].is_none()
                        && linked_by_sibling(&links, facts.as_slice(), i, partner_id));
                if !linked && !waived.contains(&key) && seen.insert(key) {
                    unlinked.push(Unlinked {
                        fact_table: table.clone(),
                        fact_id: id.clone(),
                        name: written.to_string(),
                        partner_id: partner_id.clone(),
                    });
                }
            }
        }
    }
    unlinked.sort_by(|a, b| {
        (&a.fact_table, &a.fact_id, &a.name).cmp(&(&b.fact_table, &b.fact_id, &b.name))
    });
    Ok((mentions, unlinked))
}

/// Whether another fact of the same table, quoting the same sentence, links
/// the partner. A sentence that lists several facts of one kind, a partner
/// each ("bilateral anti-terrorism consultations with the US, Russia,
/// Canada, ..."), names every partner in every one of them; when a fact's
/// own name is not in the sentence to narrow it to its clause, a partner its
/// siblings link is theirs, not an omission of this one's.
fn linked_by_sibling(
    links: &HashSet<(String, String, String)>,
    facts: &[&[String]],
    this: usize,
    partner_id: &str,
) -> bool {
    let table = &facts[this][0];
    facts.iter().enumerate().any(|(j, other)| {
        j != this
            && other[0] == *table
            && links.contains(&(other[0].clone(), other[1].clone(), partner_id.to_string()))
    })
}

pub fn mentions(conn: &Connection) -> anyhow::Result<Verdict> {
    let (mentions, unlinked) = unlinked_mentions(conn)?;
    if unlinked.is_empty() {
        return Ok(verdict(&[], || {
            format!("{mentions} mentions of partners in quotes, each linked to its fact or waived")
        }));
    }
    let shown: Vec<String> = unlinked
        .iter()
        .take(SHOWN)
        .map(|u| format!("{}/{} {:?}", u.fact_table, u.fact_id, u.name))
        .collect();
    Ok(Verdict {
        ok: false,
        detail: format!(
            "{} of {mentions} mentions of partners in quotes neither linked nor waived \
             (link the partner, or add a row to mention_waivers.csv): {}",
            unlinked.len(),
            listing(&shown, unlinked.len())
        ),
    })
}
