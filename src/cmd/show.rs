//! `apsc show ID`: one fact as a card (its partners, date, figures, and the
//! sentence inside its paragraph), or one partner with its names and every
//! fact it takes part in, in date order.

use std::path::Path;
use std::rc::Rc;

use anyhow::Context;
use clap::Args;
use rusqlite::Connection;
use rusqlite::types::Value;

use crate::db;
use crate::error;
use crate::facts::{self, Fact, Partner, Which};
use crate::lookup;
use crate::output::{Emphasis, Format, OutputArgs, Printer};

const EXAMPLES: &str = "\
Examples:
  apsc show meetings/china-asean-le-dialogue   a fact, as reports cite it
  apsc show china-asean-le-dialogue            the same: a bare id that is unique
  apsc show ROK                                a partner by id, name or alias
  apsc show operations/gulf-of-aden-escorts --format json

`apsc report sources` lists every fact id by passage (cited_by).";

/// Show one fact or partner.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ShowArgs {
    /// A fact (`meetings/ID`, or a bare ID when only one fact has it) or a
    /// partner (id, name or any alias)
    #[arg(value_name = "ID")]
    pub id: String,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// What an ID names.
enum Shown {
    Fact(Box<Fact>),
    Partner(Partner),
}

pub fn run(db_path: &Path, args: &ShowArgs) -> anyhow::Result<()> {
    let mut printer = args.output.printer()?;
    let conn = db::open_read(db_path)?;
    match resolve(&conn, &args.id)? {
        Shown::Fact(fact) => fact_card(&conn, &mut printer, &fact)?,
        Shown::Partner(partner) => {
            // China takes part in every fact: a million take a while to read.
            let progress = printer.progress("steps done", Some(1));
            progress.step(format!("reading the facts of {}", partner.name));
            let facts = partner_facts(&conn, &partner)?;
            progress.finish();
            partner_card(&mut printer, &partner, facts)?;
        }
    }
    printer.finish()
}

/// The fact or partner `wanted` names; a usage error with the nearest names
/// when none does, or naming the candidates when several do. Facts and
/// partners are found by their keys, not by reading them all.
fn resolve(conn: &Connection, wanted: &str) -> anyhow::Result<Shown> {
    let found = lookup::find_facts(conn, wanted)?;
    let partner = if wanted.contains('/') {
        None
    } else {
        lookup::find_partner(conn, wanted.trim())?
    };
    match (found.as_slice(), partner) {
        ([(table, id)], None) => {
            let fact = facts::load(conn, Which::One { table, id })?
                .pop()
                .with_context(|| format!("reading the fact {table}/{id}"))?;
            Ok(Shown::Fact(Box::new(fact)))
        }
        ([], Some(id)) => Ok(Shown::Partner(partner_by_id(conn, &id)?)),
        ([], None) => {
            let names = lookup::partner_names(conn)?;
            let near = lookup::nearest_facts(conn, wanted, &names)?;
            let near: Vec<&str> = near.iter().map(String::as_str).collect();
            Err(error::usage(format!(
                "no fact or partner called {wanted:?}{} (`apsc report sources` lists the facts, \
                 `apsc report partners` the partners besides China)",
                lookup::did_you_mean(&near)
            )))
        }
        (many, partner) => {
            let mut names: Vec<String> = many.iter().map(|(t, id)| format!("{t}/{id}")).collect();
            names.extend(partner.map(|id| format!("the partner {id}")));
            Err(error::usage(format!(
                "{wanted:?} names more than one thing: {}; give TYPE/ID for a fact",
                names.join(", ")
            )))
        }
    }
}

fn partner_by_id(conn: &Connection, id: &str) -> anyhow::Result<Partner> {
    facts::partners(conn)?
        .into_iter()
        .find(|p| p.id == id)
        .with_context(|| format!("reading the partner {id}"))
}

/// The facts a partner takes part in, with its role in each. China, the
/// paper's subject, takes part in every fact, in the role `china_role`
/// gives; any other partner's facts are read through the link tables'
/// partner indexes.
fn partner_facts(conn: &Connection, partner: &Partner) -> anyhow::Result<PartnerFacts> {
    if partner.is_subject {
        let facts = facts::load(conn, Which::All)?;
        let none: Rc<str> = Rc::from("");
        let roles = facts
            .iter()
            .map(|f| f.china_role.clone().unwrap_or_else(|| Rc::clone(&none)))
            .collect();
        return Ok(PartnerFacts { facts, roles });
    }
    let mut stmt =
        conn.prepare("SELECT fact_table, fact_id, role FROM fact_partners WHERE partner_id = ?1")?;
    let links: Vec<(String, String, String)> = stmt
        .query_map([&partner.id], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })?
        .collect::<Result<_, _>>()
        .with_context(|| format!("reading the facts of {}", partner.id))?;
    let mut facts = Vec::with_capacity(links.len());
    for (table, id, role) in links {
        let fact = facts::load(
            conn,
            Which::One {
                table: &table,
                id: &id,
            },
        )?;
        facts.extend(fact.into_iter().map(|f| (f, Rc::from(role.as_str()))));
    }
    // The order of the text, as for every fact.
    facts.sort_by(|(a, _), (b, _)| a.text_order().cmp(&b.text_order()));
    let (facts, roles) = facts.into_iter().unzip();
    Ok(PartnerFacts { facts, roles })
}

/// A partner's facts in the order of the text, and its role in each (side
/// by side: China's are every fact, and a list of pairs would be a second
/// copy of them all).
struct PartnerFacts {
    facts: Vec<Fact>,
    roles: Vec<Rc<str>>,
}

fn text(value: &str) -> Value {
    Value::Text(value.to_string())
}

fn optional(value: Option<&str>) -> Value {
    value.map_or(Value::Null, text)
}

fn empty_as_null(value: String) -> Value {
    if value.is_empty() {
        Value::Null
    } else {
        Value::Text(value)
    }
}

/// The fact's card, its quote emphasised inside its paragraph.
fn fact_card(conn: &Connection, printer: &mut Printer, fact: &Fact) -> anyhow::Result<()> {
    let (passage, start): (String, usize) = conn
        .query_row(
            "SELECT text, start_offset FROM passages WHERE id = ?1",
            [fact.passage_id],
            |row| Ok((row.get(0)?, facts::offset(row, "start_offset")?)),
        )
        .with_context(|| format!("reading the passage of {}", fact.key()))?;
    let mut fields = vec![
        ("fact", Value::Text(fact.key())),
        ("type", text(fact.type_name())),
        ("name", text(&fact.name)),
        ("kind", text(&fact.kind)),
        ("area", text(&fact.area)),
        ("section", text(&fact.section)),
        ("paragraph", Value::Integer(fact.paragraph)),
        ("china_role", optional(fact.china_role.as_deref())),
        ("theme", optional(fact.theme.as_deref())),
        ("partners", empty_as_null(fact.partner_list())),
    ];
    fields.extend(fact.date.fields());
    fields.push(("figures", empty_as_null(fact.figure_list())));
    fields.push(("note", optional(fact.note.as_deref())));
    fields.push(("quote", text(&fact.quote)));
    let emphasis = Emphasis {
        field: fields.len(),
        start: fact.quote_start.saturating_sub(start),
        end: fact.quote_end.saturating_sub(start),
    };
    fields.push(("passage", Value::Text(passage)));
    printer.card(&fields, Some(emphasis))
}

/// The columns of a partner's facts, before the date's.
const FACT_COLUMNS: [&str; 6] = ["fact", "type", "name", "area", "role", "china_role"];

/// The partner's names, then every fact it takes part in, in date order
/// (undated facts last, in the order of the text). China, the paper's
/// subject, takes part in every fact, in the role `china_role` gives.
fn partner_card(
    printer: &mut Printer,
    partner: &Partner,
    rows: PartnerFacts,
) -> anyhow::Result<()> {
    let PartnerFacts { facts, roles } = rows;
    // A stable sort keeps the text's order within a date.
    let mut order: Vec<usize> = (0..facts.len()).collect();
    let key = |i: usize| {
        let date = &facts[i].date;
        (
            date.start.is_none(),
            date.start.as_deref(),
            date.end.as_deref(),
        )
    };
    order.sort_by(|&a, &b| key(a).cmp(&key(b)));
    let names = std::iter::once(partner.name.clone())
        .chain(partner.aliases.iter().cloned())
        .collect::<Vec<_>>()
        .join("; ");
    let fact_rows = order.iter().map(|&i| {
        let (f, role) = (&facts[i], &roles[i]);
        let mut row = vec![
            Value::Text(f.key()),
            text(f.type_name()),
            text(&f.name),
            text(&f.area),
            empty_as_null(role.to_string()),
            optional(f.china_role.as_deref()),
        ];
        row.extend(f.date.fields().into_iter().map(|(_, v)| v));
        row
    });
    let mut columns: Vec<&str> = FACT_COLUMNS.to_vec();
    columns.extend(facts::FactDate::default().fields().iter().map(|(n, _)| *n));
    if matches!(printer.format(), Format::Table | Format::Markdown) {
        let fields = [
            ("partner", text(&partner.id)),
            ("name", text(&partner.name)),
            ("kind", text(&partner.kind)),
            ("iso3", optional(partner.iso3.as_deref())),
            ("names", text(&names)),
            ("facts", Value::Integer(facts.len() as i64)),
        ];
        printer.card(&fields, None)?;
        printer.text("\n")?;
        printer.rows(&columns, fact_rows)?;
        return Ok(());
    }
    // One flat table for data formats: the partner on every row.
    let mut flat = vec!["partner", "partner_name", "partner_names"];
    flat.extend(&columns);
    let head = [text(&partner.id), text(&partner.name), text(&names)];
    printer.rows(
        &flat,
        fact_rows.map(|row| head.iter().cloned().chain(row).collect::<Vec<_>>()),
    )?;
    Ok(())
}
