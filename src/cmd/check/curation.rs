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
use crate::output::grouped;
use crate::seed::rows::FACT_FILES;

pub fn dates(conn: &Connection) -> anyhow::Result<Verdict> {
    let run = || -> rusqlite::Result<(usize, Vec<String>)> {
        let mut stmt = conn.prepare(
            "SELECT fact_table, fact_id, date_start, date_end, date_text, date_edtf, quote
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
            let quote = row.get_ref(6)?.as_str()?;
            let agreed = edtf::in_quote(date.text, quote).and_then(|()| edtf::agreement(&date));
            if let Err(message) = agreed {
                let (table, id): (String, String) = (row.get(0)?, row.get(1)?);
                failures.push(format!("{table}/{id}: {message}"));
            }
        }
        Ok((dated, failures))
    };
    let (dated, failures) = run().context("reading the facts' dates")?;
    Ok(verdict(&failures, || {
        format!(
            "{} dated facts, each date_edtf agreeing with its bounds and date_text, \
             and date_text words of the quote",
            grouped(dated)
        )
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
    /// The fact's own name is not in its quote, so the whole sentence was
    /// judged rather than the fact's clause: often a name changed in the
    /// seed, where the quote keeps the words of the text.
    pub whole_sentence: bool,
    /// Other facts of the quote whose names are not in it (`table/id`): a
    /// mention inside such a name, as the text writes it, would be theirs.
    pub unnamed_beside: Vec<String>,
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

/// Every fact with its passage, name, quote and the partners it links
/// (separated by the unit separator), by passage: the facts of one passage
/// come together, so a sentence's facts are judged with only their
/// passage's in memory. Each fact table is read through its passage index
/// and joins its own link table through its key; SQLite merges the five in
/// order without sorting them.
fn facts_by_passage() -> String {
    let arms: Vec<String> = FACT_FILES
        .iter()
        .map(|f| {
            let name = if f.table == "statements" {
                "topic"
            } else {
                "name"
            };
            format!(
                "SELECT '{table}', f.id, f.{name}, f.quote,
                        (SELECT group_concat(l.partner_id, char(31)) FROM {link} l
                          WHERE l.{key} = f.id),
                        f.passage_id
                   FROM {table} f",
                table = f.table,
                link = f.link_table,
                key = f.link_column,
            )
        })
        .collect();
    format!("{}\n ORDER BY 6", arms.join("\n UNION ALL\n"))
}

/// A fact of a quote: its quote, table, id and name, and the partners it links.
struct QuoteFact {
    quote: String,
    table: String,
    id: String,
    name: String,
    links: Vec<String>,
}

/// Every mention of a partner in a fact's quote (in the part about the fact)
/// that has neither a link from the fact to the partner nor a waiver. The
/// facts stream in by passage; each sentence they quote is matched once,
/// with the facts quoting it in hand, so memory holds one passage's facts,
/// not every fact's.
pub fn unlinked_mentions(conn: &Connection) -> anyhow::Result<Mentions> {
    let (partners, matcher) = partner_matcher(conn).context("reading the partners")?;
    let waived: HashMap<MentionKey, Waiver> = text_rows(
        conn,
        "SELECT fact_table, fact_id, lower(name), name FROM mention_waivers",
        4,
    )
    .context("reading the mention waivers")?
    .into_iter()
    .map(|r| {
        let waiver = Waiver {
            name: r[3].clone(),
            used: false,
            linked: false,
        };
        ((r[0].clone(), r[1].clone(), r[2].clone()), waiver)
    })
    .collect();
    let mut judge = Judge {
        partners: &partners,
        matcher: &matcher,
        waived,
        mentions: 0,
        unlinked: Vec::new(),
    };
    let run = |judge: &mut Judge| -> rusqlite::Result<()> {
        let mut stmt = conn.prepare(&facts_by_passage())?;
        let mut rows = stmt.query([])?;
        let (mut passage, mut facts) = (None, Vec::<QuoteFact>::new());
        while let Some(row) = rows.next()? {
            let this: Option<i64> = row.get(5)?;
            if this != passage {
                judge.passage(&mut facts);
                passage = this;
            }
            let links: Option<String> = row.get(4)?;
            facts.push(QuoteFact {
                quote: row.get(3)?,
                table: row.get(0)?,
                id: row.get(1)?,
                name: row.get(2)?,
                links: links
                    .map(|l| l.split('\u{1f}').map(str::to_string).collect())
                    .unwrap_or_default(),
            });
        }
        judge.passage(&mut facts);
        Ok(())
    };
    run(&mut judge).context("reading the facts and their partners")?;
    let Judge {
        mentions,
        mut unlinked,
        waived,
        ..
    } = judge;
    unlinked.sort_by(|a, b| {
        (&a.fact_table, &a.fact_id, &a.name).cmp(&(&b.fact_table, &b.fact_id, &b.name))
    });
    let mut idle: Vec<Idle> = waived
        .into_iter()
        .filter(|(_, waiver)| !waiver.used)
        .map(|((fact_table, fact_id, _), waiver)| Idle {
            fact_table,
            fact_id,
            name: waiver.name,
            linked: waiver.linked,
        })
        .collect();
    idle.sort_by(|a, b| {
        (&a.fact_table, &a.fact_id, &a.name).cmp(&(&b.fact_table, &b.fact_id, &b.name))
    });
    Ok(Mentions {
        mentions,
        unlinked,
        idle,
    })
}

/// What the mentions check found.
pub struct Mentions {
    /// Mentions of partners judged, in the parts of quotes about their facts.
    pub mentions: usize,
    /// Those neither linked nor waived.
    pub unlinked: Vec<Unlinked>,
    /// Waivers that waive nothing.
    pub idle: Vec<Idle>,
}

/// A mention waiver that waives nothing.
pub struct Idle {
    pub fact_table: String,
    pub fact_id: String,
    /// The name as the waiver writes it.
    pub name: String,
    /// The partner is mentioned there and linked after all; otherwise the
    /// name is not mentioned in that fact's part of its quote.
    pub linked: bool,
}

/// A mention as waivers name it: (table, id, the name in lower case).
type MentionKey = (String, String, String);

/// A row of `mention_waivers`, and what the check made of it.
struct Waiver {
    /// The name as the waiver writes it.
    name: String,
    /// It waived a mention.
    used: bool,
    /// The mention it names is linked after all.
    linked: bool,
}

/// What the mentions check needs across quotes, and what it found.
struct Judge<'a> {
    partners: &'a Partners,
    matcher: &'a Matcher<usize>,
    waived: HashMap<MentionKey, Waiver>,
    mentions: usize,
    unlinked: Vec<Unlinked>,
}

impl Judge<'_> {
    /// Judge the facts of one passage, quote by quote (each quote's facts by
    /// table and id), and empty the list.
    fn passage(&mut self, facts: &mut Vec<QuoteFact>) {
        facts.sort_by(|a, b| (&a.quote, &a.table, &a.id).cmp(&(&b.quote, &b.table, &b.id)));
        for group in facts.chunk_by(|a, b| a.quote == b.quote) {
            self.quote(&group[0].quote, group);
        }
        facts.clear();
    }

    /// Judge the facts of one quote.
    fn quote(&mut self, quote: &str, facts: &[QuoteFact]) {
        if facts.is_empty() {
            return;
        }
        let found = self.matcher.find(quote);
        let spans: Vec<Option<Range<usize>>> =
            facts.iter().map(|f| name_span(quote, &f.name)).collect();
        for (i, fact) in facts.iter().enumerate() {
            let others: Vec<Range<usize>> = spans
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .filter_map(|(_, s)| s.clone())
                .collect();
            let mut seen = HashSet::new();
            for m in about_fact(quote, &found, spans[i].as_ref(), &others) {
                let (partner_id, is_subject) = &self.partners[m.partner];
                if *is_subject {
                    continue;
                }
                self.mentions += 1;
                let written = &quote[m.span.clone()];
                let linked = fact.links.contains(partner_id)
                    || (spans[i].is_none() && linked_by_sibling(facts, i, partner_id));
                // The key is made only where a waiver may answer to it: most
                // databases have few waivers and many linked mentions.
                let key = || (fact.table.clone(), fact.id.clone(), written.to_lowercase());
                let waiver = if self.waived.is_empty() {
                    None
                } else {
                    self.waived.get_mut(&key())
                };
                if linked {
                    if let Some(waiver) = waiver {
                        waiver.linked = true;
                    }
                    continue;
                }
                if let Some(waiver) = waiver {
                    waiver.used = true;
                } else if seen.insert(key()) {
                    self.unlinked.push(Unlinked {
                        fact_table: fact.table.clone(),
                        fact_id: fact.id.clone(),
                        name: written.to_string(),
                        partner_id: partner_id.clone(),
                        whole_sentence: spans[i].is_none(),
                        unnamed_beside: facts
                            .iter()
                            .zip(&spans)
                            .enumerate()
                            .filter(|(j, (_, span))| *j != i && span.is_none())
                            .map(|(_, (other, _))| format!("{}/{}", other.table, other.id))
                            .collect(),
                    });
                }
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
    let Mentions {
        mentions,
        unlinked,
        idle,
    } = unlinked_mentions(conn)?;
    if unlinked.is_empty() && idle.is_empty() {
        return Ok(verdict(&[], || {
            format!(
                "{} mentions of partners in quotes, each linked to its fact or waived",
                grouped(mentions)
            )
        }));
    }
    let idle_note = if idle.is_empty() {
        String::new()
    } else {
        let shown: Vec<String> = idle
            .iter()
            .take(SHOWN)
            .map(|w| {
                let why = if w.linked {
                    "linked"
                } else {
                    "not mentioned there"
                };
                format!("{}/{} {:?} ({why})", w.fact_table, w.fact_id, w.name)
            })
            .collect();
        format!(
            "{} waiver{} of mention_waivers.csv waive{} nothing: remove the row where the \
             partner is linked, or where its name is not mentioned in that fact's part of \
             the quote: {}",
            idle.len(),
            if idle.len() == 1 { "" } else { "s" },
            if idle.len() == 1 { "s" } else { "" },
            listing(&shown, idle.len())
        )
    };
    if unlinked.is_empty() {
        return Ok(Verdict {
            ok: false,
            detail: idle_note,
        });
    }
    let shown: Vec<String> = unlinked
        .iter()
        .take(SHOWN)
        .map(|u| {
            let mut why = String::new();
            if u.whole_sentence {
                why.push_str(" (name not in quote)");
            }
            if !u.unnamed_beside.is_empty() {
                why.push_str(&format!(
                    " (in a sentence where the name of {} is not)",
                    u.unnamed_beside.join(", ")
                ));
            }
            format!("{}/{} {:?}{why}", u.fact_table, u.fact_id, u.name)
        })
        .collect();
    let names = if unlinked
        .iter()
        .any(|u| u.whole_sentence || !u.unnamed_beside.is_empty())
    {
        "; a fact is judged on the clause that holds its name as the quote writes it, and \
         on the whole sentence when its name is not there"
    } else {
        ""
    };
    Ok(Verdict {
        ok: false,
        detail: format!(
            "{} of {mentions} mentions of partners in quotes neither linked nor waived \
             (link the partner, or add a row to mention_waivers.csv{names}): {}{}",
            unlinked.len(),
            listing(&shown, unlinked.len()),
            if idle_note.is_empty() {
                String::new()
            } else {
                format!("; {idle_note}")
            }
        ),
    })
}
