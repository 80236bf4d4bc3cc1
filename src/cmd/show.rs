//! `apsc show ID`: one fact as a card (its partners, date, figures, and the
//! sentence inside its paragraph), or one partner with its names and every
//! fact it takes part in, in date order.

use std::path::Path;

use anyhow::Context;
use clap::Args;
use rusqlite::Connection;
use rusqlite::types::Value;

use crate::db;
use crate::error;
use crate::facts::{self, Fact};
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
    /// A fact (`meetings/ID`, a bare ID when only one fact has it, or its
    /// exact name in any case) or a partner (id, name or any alias)
    #[arg(value_name = "ID")]
    pub id: String,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// What an ID names.
enum Named {
    Fact(Box<Fact>),
    /// By id.
    Partner(String),
}

pub fn run(db_path: &Path, args: &ShowArgs) -> anyhow::Result<()> {
    let mut printer = args.output.printer()?;
    let conn = db::open_read(db_path)?;
    match resolve(&conn, &args.id)? {
        Named::Fact(fact) => fact_card(&conn, &mut printer, &fact)?,
        Named::Partner(partner) => partner_card(&conn, &mut printer, &partner)?,
    }
    printer.finish()
}

/// The fact or partner `wanted` names; a usage error with the nearest names
/// when none does, or naming the candidates when several do.
fn resolve(conn: &Connection, wanted: &str) -> anyhow::Result<Named> {
    let found = lookup::find_facts(conn, wanted)?;
    let partner = if wanted.contains('/') {
        None
    } else {
        lookup::find_partner(conn, wanted.trim())?
    };
    match (found.as_slice(), partner) {
        ([(table, id)], None) => {
            let fact = facts::load(conn, Some((table, id)))?
                .pop()
                .with_context(|| format!("reading the fact {table}/{id}"))?;
            Ok(Named::Fact(Box::new(fact)))
        }
        ([], Some(id)) => Ok(Named::Partner(id)),
        ([], None) => {
            let names = lookup::partner_names(conn)?;
            let near = lookup::suggest_facts(conn, wanted, &names)?;
            Err(error::usage(format!(
                "no fact or partner called {wanted:?}{near} (`apsc report sources` lists the \
                 facts, `apsc report partners` the partners besides China)"
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

fn text(value: &str) -> Value {
    Value::Text(value.to_string())
}

/// A list as a field's value; none (NULL) when empty.
fn list(value: String) -> Value {
    Some(value).filter(|v| !v.is_empty()).into()
}

/// The fact's card, its quote emphasised inside its paragraph.
fn fact_card(conn: &Connection, printer: &mut Printer, fact: &Fact) -> anyhow::Result<()> {
    let (passage, start): (String, usize) = conn
        .query_row(
            "SELECT text, start_offset FROM passages WHERE id = ?1",
            [fact.passage_id],
            |row| Ok((row.get(0)?, facts::offset(row, 1)?)),
        )
        .with_context(|| format!("reading the passage of {}", fact.key()))?;
    let inferred = (fact.context.as_ref()).map(|c| format!("{}, {}", c.iso(), c.label()));
    let mut fields = vec![
        ("fact", Value::Text(fact.key())),
        ("type", text(fact.type_name())),
        ("name", text(&fact.name)),
        ("kind", text(&fact.kind)),
        ("area", text(&fact.area)),
        ("section", text(&fact.section)),
        ("paragraph", Value::Integer(fact.paragraph)),
        ("china_role", fact.china_role.clone().into()),
        ("theme", fact.theme.clone().into()),
        ("partners", list(fact.partner_list())),
        ("form", text(&fact.form)),
        ("form_note", fact.form_note.clone().into()),
        ("date_text", fact.date.text.clone().into()),
        ("date_edtf", fact.date.edtf.clone().into()),
        ("date_start", fact.date.start.clone().into()),
        ("date_end", fact.date.end.clone().into()),
        ("context_date", inferred.into()),
        ("figures", list(fact.figure_list())),
        ("note", fact.note.clone().into()),
        ("quote", text(&fact.quote)),
    ];
    let emphasis = Emphasis {
        field: fields.len(),
        start: fact.quote_start.saturating_sub(start),
        end: fact.quote_end.saturating_sub(start),
    };
    fields.push(("passage", Value::Text(passage)));
    printer.card(&fields, Some(emphasis))
}

/// The facts the partner `:partner` takes part in, with its role in each;
/// China, the paper's subject, takes part in every fact, in the role
/// `china_role` gives: its branch reads the facts once, not joined back to
/// themselves (which doubled `show China`'s time at 10^5 facts). And the
/// partner, with every name it goes by, worked out once for every row.
const LINKED: &str = "
WITH linked AS (
    SELECT f.*, l.role FROM fact_partners l
      JOIN facts f ON f.fact_table = l.fact_table AND f.fact_id = l.fact_id
     WHERE l.partner_id = :partner
    UNION ALL
    SELECT *, china_role FROM facts WHERE (SELECT is_subject FROM partners WHERE id = :partner)),
 partner AS MATERIALIZED (
    SELECT p.*, p.name || coalesce('; ' || (SELECT group_concat(alias, '; ' ORDER BY alias)
                 FROM partner_aliases a WHERE a.partner_id = p.id AND a.alias <> p.name), '')
               AS names
      FROM partners p WHERE id = :partner)";

/// The partner's card. Identifiers and members come from outside the text
/// (the codebook names the sources); a country has no members: its count
/// is empty, not 0.
const CARD: &str = "
SELECT id AS partner, name, kind, iso3,
       nullif(concat_ws('; ', 'ISO ' || iso_alpha2 || ' ' || iso3 || ' ' || iso_numeric,
                        'COW ' || cow_code || ' ' || cow_abbrev,
                        'M49 ' || m49_region || ' ' || m49_region_code || ', '
                            || m49_subregion || ' ' || m49_subregion_code,
                        'Wikidata ' || wikidata), '') AS codes,
       iif(kind = 'country', NULL,
           (SELECT count(*) FROM memberships WHERE organization_id = :partner)) AS members,
       names, iif(is_subject, (SELECT count(*) FROM facts),
                  (SELECT count(*) FROM fact_partners WHERE partner_id = :partner)) AS facts
  FROM partner";

/// The partner's facts, in date order (undated last, in the order of the
/// text within a date). Data formats get the partner on every row (`{head}`).
const PARTNER_FACTS: &str = "
SELECT {head} f.fact_table || '/' || f.fact_id AS fact,
       substr(f.fact_table, 1, length(f.fact_table) - 1) AS type,
       f.name, a.name AS area, nullif(f.role, '') AS role, f.china_role,
       f.date_text, f.date_edtf, f.date_start, f.date_end
  FROM linked f JOIN areas a ON a.id = f.area_id JOIN partner p
 ORDER BY f.date_start IS NULL, f.date_start, f.date_end,
          f.passage_id, f.quote_start, f.fact_table, f.fact_id";

/// The partner's names, then every fact it takes part in: a card and a
/// table in a table or Markdown, one flat table in data formats.
fn partner_card(conn: &Connection, printer: &mut Printer, partner: &str) -> anyhow::Result<()> {
    let bound = rusqlite::named_params! {":partner": partner};
    let mut head = "p.id AS partner, p.name AS partner_name, p.names AS partner_names,";
    if matches!(printer.format(), Format::Table | Format::Markdown) {
        head = "";
        let mut stmt = conn.prepare(&format!("{LINKED} {CARD}"))?;
        let names: Vec<String> = stmt.column_names().map(String::from).collect();
        let values = stmt.query_row(bound, |row| (0..names.len()).map(|i| row.get(i)).collect());
        let values: Vec<Value> =
            values.with_context(|| format!("reading the partner {partner}"))?;
        let fields: Vec<(&str, Value)> = names.iter().map(String::as_str).zip(values).collect();
        printer.card(&fields, None)?;
        printer.text("\n")?;
    }
    let mut stmt = conn.prepare(&format!(
        "{LINKED} {}",
        PARTNER_FACTS.replace("{head}", head)
    ))?;
    stmt.raw_bind_parameter(c":partner", partner)?;
    printer.statement(&mut stmt)?;
    Ok(())
}
