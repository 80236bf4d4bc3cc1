//! The checks of the curation, over the rows as they stand in the file (so
//! that an edit made in another SQLite tool is caught): every `date_edtf`
//! agrees with its `date_text` and bounds by the loader's rules
//! ([`crate::dates`]), and every partner a fact's quote names is linked to the
//! fact or waived in `mention_waivers` ([`crate::mentions`], which says what
//! part of a quote is judged for each fact). A waiver names the mention as
//! the quote writes it, ignoring case.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use anyhow::Context;
use rusqlite::Connection;

use super::verdict::{Verdict, count, listing, verdict};
use crate::dates;
use crate::mentions::{Matcher, about_fact, name_span};
use crate::output::grouped;

pub fn dates(conn: &Connection) -> anyhow::Result<Verdict> {
    let sql = "SELECT fact_table || '/' || fact_id, date_text, date_edtf, quote
                 FROM facts ORDER BY fact_table, fact_id";
    let mut stmt = conn.prepare(sql).context("reading the facts' dates")?;
    let (mut rows, mut failures) = (stmt.query([])?, Vec::new());
    while let Some(row) = rows.next()? {
        let (text, edtf): (Option<String>, Option<String>) = (row.get(1)?, row.get(2)?);
        let agreed = dates::in_quote(text.as_deref(), row.get_ref(3)?.as_str()?)
            .and_then(|()| dates::agreement(text.as_deref(), edtf.as_deref()));
        if let Err(message) = agreed {
            failures.push(format!("{}: {message}", row.get::<_, String>(0)?));
        }
    }
    let dated = count(
        conn,
        "SELECT count(date_start) FROM facts",
        "the dated facts",
    )?;
    let ok = format!(
        "{} dated facts, each date_edtf agreeing with its bounds and date_text, and date_text \
         words of the quote",
        grouped(dated)
    );
    Ok(verdict(&failures, ok))
}

/// A mention of a partner in a fact's quote, linked neither nor waived; or
/// a waiver of one that waives nothing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unlinked {
    pub fact_table: String,
    pub fact_id: String,
    /// The name as the quote (or the waiver) writes it.
    pub name: String,
    /// Why, for the report. For a mention, why it may be another's: the
    /// fact's own name is not in its quote, so the whole sentence was judged
    /// (often a name changed in the seed, where the quote keeps the words of
    /// the text); or other facts of the sentence are not named in it, and a
    /// mention inside their names, as the text writes them, would be theirs.
    /// For a waiver, whether the partner is linked after all or not
    /// mentioned in that fact's part of its quote.
    pub why: String,
}

/// A partner a name is of: its id, and whether it is the subject.
type Named = (String, bool);

/// A matcher of every partner's name and alias. The subject's names are
/// matched too, so that they take their words, and are never reported.
fn partner_matcher(conn: &Connection) -> rusqlite::Result<Matcher<Named>> {
    let mut stmt = conn.prepare(
        "SELECT name, id, is_subject = 1 FROM partners
         UNION ALL
         SELECT a.alias, p.id, p.is_subject = 1
           FROM partner_aliases a JOIN partners p ON p.id = a.partner_id",
    )?;
    let names: Vec<(String, Named)> = stmt
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
        .collect::<Result<_, _>>()?;
    Ok(Matcher::new(
        names.iter().map(|(n, p)| (n.as_str(), p.clone())),
    ))
}

/// A fact of a quote: its quote, table, id and name, and the partners it links.
struct QuoteFact {
    passage_id: i64,
    quote: String,
    table: String,
    id: String,
    name: String,
    links: Vec<String>,
}

/// Every fact with the partners it links, the facts of one quote together
/// (by table and id).
fn quote_facts(conn: &Connection) -> rusqlite::Result<Vec<QuoteFact>> {
    let mut stmt = conn.prepare(
        "SELECT f.passage_id, f.quote, f.fact_table, f.fact_id, f.name,
                (SELECT json_group_array(l.partner_id) FROM fact_partners l
                  WHERE l.fact_table = f.fact_table AND l.fact_id = f.fact_id)
           FROM facts f ORDER BY f.passage_id, f.quote, f.fact_table, f.fact_id",
    )?;
    stmt.query_map([], |row| {
        Ok(QuoteFact {
            passage_id: row.get(0)?,
            quote: row.get(1)?,
            table: row.get(2)?,
            id: row.get(3)?,
            name: row.get(4)?,
            // SQLite wrote the array: it reads.
            links: serde_json::from_str(row.get_ref(5)?.as_str()?).unwrap_or_default(),
        })
    })?
    .collect()
}

/// The waivers, each with why it waives nothing until it waives a mention
/// (then None), by the mention it names.
type Waivers = HashMap<MentionKey, (Unlinked, Option<&'static str>)>;

/// Every mention of a partner in a fact's quote (in the part about the fact)
/// that has neither a link from the fact to the partner nor a waiver; each
/// quote is matched once, with the facts quoting it in hand.
pub fn unlinked_mentions(conn: &Connection) -> anyhow::Result<Mentions> {
    let matcher = partner_matcher(conn).context("reading the partners")?;
    let mut stmt = conn.prepare("SELECT fact_table, fact_id, name FROM mention_waivers")?;
    let mut waivers: Waivers = stmt
        .query_map([], |r| {
            let (fact_table, fact_id, name): (String, String, String) =
                (r.get(0)?, r.get(1)?, r.get(2)?);
            let key = (fact_table.clone(), fact_id.clone(), name.to_lowercase());
            let why = String::new();
            let waiver = Unlinked {
                fact_table,
                fact_id,
                name,
                why,
            };
            Ok((key, (waiver, Some("not mentioned there"))))
        })?
        .collect::<Result<_, _>>()
        .context("reading the mention waivers")?;
    let facts = quote_facts(conn).context("reading the facts and their partners")?;
    let mut found = Mentions::default();
    let by_quote =
        |a: &QuoteFact, b: &QuoteFact| (a.passage_id, &a.quote) == (b.passage_id, &b.quote);
    for quoting in facts.chunk_by(by_quote) {
        judge_quote(quoting, &matcher, &mut waivers, &mut found);
    }
    found.unlinked.sort();
    found.idle = (waivers.into_values())
        .filter_map(|(waiver, why)| {
            Some(Unlinked {
                why: format!(" ({})", why?),
                ..waiver
            })
        })
        .collect();
    found.idle.sort();
    Ok(found)
}

/// What the mentions check found.
#[derive(Default)]
pub struct Mentions {
    /// Mentions of partners judged, in the parts of quotes about their facts.
    pub mentions: usize,
    /// Those neither linked nor waived.
    pub unlinked: Vec<Unlinked>,
    /// Waivers that waive nothing.
    pub idle: Vec<Unlinked>,
}

/// A mention as waivers name it: (table, id, the name in lower case).
type MentionKey = (String, String, String);

/// Judge the facts of one quote: every partner it names in the part about
/// each fact is linked, waived, or found unlinked.
fn judge_quote(
    facts: &[QuoteFact],
    matcher: &Matcher<Named>,
    waivers: &mut Waivers,
    found: &mut Mentions,
) {
    let quote = &facts[0].quote;
    let mentions = matcher.find(quote);
    let spans: Vec<Option<Range<usize>>> =
        facts.iter().map(|f| name_span(quote, &f.name)).collect();
    for (i, fact) in facts.iter().enumerate() {
        // The other facts' names in the quote, and those not in it.
        let (mut others, mut unnamed) = (Vec::new(), Vec::new());
        for (j, (other, span)) in facts.iter().zip(&spans).enumerate() {
            match span {
                _ if j == i => {}
                Some(span) => others.push(span.clone()),
                None => unnamed.push(format!("{}/{}", other.table, other.id)),
            }
        }
        let mut why = String::from(if spans[i].is_none() {
            " (name not in quote)"
        } else {
            ""
        });
        if !unnamed.is_empty() {
            let names = unnamed.join(", ");
            why += &format!(" (in a sentence where the name of {names} is not)");
        }
        let mut seen = HashSet::new();
        for m in about_fact(quote, &mentions, spans[i].as_ref(), &others) {
            let (partner_id, is_subject) = &m.partner;
            if *is_subject {
                continue;
            }
            found.mentions += 1;
            let written = &quote[m.span.clone()];
            let linked = fact.links.contains(partner_id)
                || (spans[i].is_none() && linked_by_sibling(facts, i, partner_id));
            let key = (fact.table.clone(), fact.id.clone(), written.to_lowercase());
            match (waivers.get_mut(&key), linked) {
                (Some((_, Some(idle))), true) => *idle = "linked",
                (Some((_, idle)), false) => *idle = None,
                (Some(_) | None, true) => {}
                (None, false) if seen.insert(key) => found.unlinked.push(Unlinked {
                    fact_table: fact.table.clone(),
                    fact_id: fact.id.clone(),
                    name: written.to_string(),
                    why: why.clone(),
                }),
                (None, false) => {}
            }
        }
    }
}

/// Whether another fact of the same table, quoting the same sentence, links
/// the partner. A sentence that lists several facts of one kind, a partner
/// each ("bilateral anti-terrorism consultations with the US, Russia,
/// Canada, ..."), names every partner in every one of them; when a fact's
/// own name is not in the sentence to narrow it to its clause, a partner its
/// siblings link is theirs, not an omission of this one's.
fn linked_by_sibling(facts: &[QuoteFact], this: usize, partner_id: &str) -> bool {
    let table = &facts[this].table;
    facts.iter().enumerate().any(|(j, other)| {
        j != this && other.table == *table && other.links.iter().any(|p| p == partner_id)
    })
}

pub fn mentions(conn: &Connection) -> anyhow::Result<Verdict> {
    let found = unlinked_mentions(conn)?;
    let (unlinked, idle) = (&found.unlinked, &found.idle);
    let mut notes = Vec::new();
    if !unlinked.is_empty() {
        let clause = unlinked.iter().any(|u| !u.why.is_empty());
        let names = clause.then_some(
            "; a fact is judged on the clause that holds its name as the quote writes it, and \
             on the whole sentence when its name is not there",
        );
        notes.push(format!(
            "{} of {} mentions of partners in quotes neither linked nor waived (link the \
             partner, or add a row to mention_waivers.csv{}): {}",
            unlinked.len(),
            found.mentions,
            names.unwrap_or_default(),
            shown(unlinked),
        ));
    }
    if !idle.is_empty() {
        let (s, verb) = if idle.len() == 1 {
            ("", "s")
        } else {
            ("s", "")
        };
        notes.push(format!(
            "{} waiver{s} of mention_waivers.csv waive{verb} nothing: remove the row where the \
             partner is linked, or where its name is not mentioned in that fact's part of the \
             quote: {}",
            idle.len(),
            shown(idle)
        ));
    }
    let ok = "mentions of partners in quotes, each linked to its fact or waived";
    Ok(verdict(&notes, format!("{} {ok}", grouped(found.mentions))))
}

/// The first mentions or waivers, each as its fact, name and why.
fn shown(found: &[Unlinked]) -> String {
    let shown: Vec<String> = (found.iter())
        .map(|u| format!("{}/{} {:?}{}", u.fact_table, u.fact_id, u.name, u.why))
        .collect();
    listing(&shown)
}
