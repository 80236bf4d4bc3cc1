//! The facts with everything a reader needs beside them: partners and their
//! roles, figures, the date, and where the quote stands in the paper. `apsc
//! show` and `apsc html` read the knowledge base through here.

pub mod date;

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use anyhow::Context;
use rusqlite::Connection;

pub use date::FactDate;

/// One row of any fact table. The texts that many facts share (the table,
/// kind, area, roles, dates and quotes) are held once for all of them: a
/// million facts read at once would otherwise hold a million copies of each.
#[derive(Debug, Clone)]
pub struct Fact {
    /// The table: `meetings`, `exercises`, `agreements`, `operations`, `statements`.
    pub table: Rc<str>,
    pub id: String,
    /// The name, or a statement's topic.
    pub name: String,
    pub kind: Rc<str>,
    pub area_id: Rc<str>,
    pub area: Rc<str>,
    pub section: Rc<str>,
    pub china_role: Option<Rc<str>>,
    /// A meeting's theme, as the text gives it.
    pub theme: Option<String>,
    /// The curator's note on a judgement the text leaves open.
    pub note: Option<String>,
    pub date: FactDate,
    /// The sentence or sentences it comes from, held once for every fact
    /// they hold.
    pub quote: Rc<str>,
    pub passage_id: i64,
    /// The passage's number within its section.
    pub paragraph: i64,
    /// Code-point offsets of the quote in the document's text.
    pub quote_start: usize,
    pub quote_end: usize,
    pub partners: Vec<Role>,
    pub figures: Vec<Figure>,
}

impl Fact {
    /// `meetings/china-asean-le-dialogue`: how reports cite a fact.
    pub fn key(&self) -> String {
        format!("{}/{}", self.table, self.id)
    }

    /// Where the fact stands in the order of the text (passage, then quote),
    /// then SQLite's BINARY order of table and id, the order of their bytes:
    /// the order every list of facts is shown in.
    pub fn text_order(&self) -> (i64, usize, &str, &str) {
        (self.passage_id, self.quote_start, &self.table, &self.id)
    }

    /// The fact type in the singular: `meeting`, `statement`.
    pub fn type_name(&self) -> &str {
        type_name(&self.table)
    }

    /// "Malaysia (co-host); ASEAN Regional Forum (convener)".
    pub fn partner_list(&self) -> String {
        let parts: Vec<String> = self
            .partners
            .iter()
            .map(|p| format!("{} ({})", p.name, p.role))
            .collect();
        parts.join("; ")
    }

    /// "over 10,000 suspects (suspects arrested); …".
    pub fn figure_list(&self) -> String {
        let parts: Vec<String> = self.figures.iter().map(Figure::label).collect();
        parts.join("; ")
    }
}

/// A fact table's name in the singular.
pub fn type_name(table: &str) -> &str {
    table.strip_suffix('s').unwrap_or(table)
}

/// The fact tables, in the order the schema lists them.
pub const TABLES: [&str; 5] = [
    "meetings",
    "exercises",
    "agreements",
    "operations",
    "statements",
];

/// A partner's part in a fact.
#[derive(Debug, Clone)]
pub struct Role {
    pub partner_id: Rc<str>,
    pub name: Rc<str>,
    pub role: Rc<str>,
}

/// Texts held once however many facts share them.
#[derive(Debug, Default)]
pub struct Words(HashSet<Rc<str>>);

impl Words {
    /// The one copy of `text`.
    pub fn get(&mut self, text: &str) -> Rc<str> {
        if let Some(word) = self.0.get(text) {
            return Rc::clone(word);
        }
        let word: Rc<str> = Rc::from(text);
        self.0.insert(Rc::clone(&word));
        word
    }

    /// The one copy of a text column of `row`.
    pub fn column(&mut self, row: &rusqlite::Row<'_>, column: &str) -> rusqlite::Result<Rc<str>> {
        Ok(self.get(row.get_ref(column)?.as_str()?))
    }

    /// The one copy of a text column of `row` that may be NULL.
    pub fn optional(
        &mut self,
        row: &rusqlite::Row<'_>,
        column: &str,
    ) -> rusqlite::Result<Option<Rc<str>>> {
        Ok(row
            .get_ref(column)?
            .as_str_or_null()?
            .map(|text| self.get(text)))
    }
}

/// A number the text states.
#[derive(Debug, Clone)]
pub struct Figure {
    pub id: String,
    pub value_text: String,
    pub unit: String,
    pub metric: String,
    /// The fact it belongs to (`operations/…`), or None for a count across facts.
    pub fact: Option<String>,
    pub passage_id: i64,
    /// Code-point offsets of its quote in the document's text.
    pub quote_start: usize,
    pub quote_end: usize,
}

impl Figure {
    /// "over 10,000 (suspects arrested)".
    pub fn label(&self) -> String {
        format!("{} ({})", self.value_text, self.metric)
    }
}

/// Which facts to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which<'a> {
    /// Every fact, in the order of the text.
    All,
    /// One fact, by its table (`meetings`) and id; none when there is no such fact.
    One { table: &'a str, id: &'a str },
}

/// The columns of a fact and where it stands, from the `facts` view `f`.
fn fact_select() -> String {
    format!(
        "SELECT f.fact_table, f.fact_id, f.name, f.kind, f.area_id, a.name AS area, a.section,
                f.china_role, f.theme, f.note, {dates}, f.quote, f.passage_id, p.ordinal,
                f.quote_start, f.quote_end
           FROM facts f JOIN areas a ON a.id = f.area_id JOIN passages p ON p.id = f.passage_id",
        dates = date::COLUMNS
            .split(", ")
            .map(|c| format!("f.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn fact_from_row(row: &rusqlite::Row<'_>, words: &mut Words) -> rusqlite::Result<Fact> {
    Ok(Fact {
        table: words.column(row, "fact_table")?,
        id: row.get("fact_id")?,
        name: row.get("name")?,
        kind: words.column(row, "kind")?,
        area_id: words.column(row, "area_id")?,
        area: words.column(row, "area")?,
        section: words.column(row, "section")?,
        china_role: words.optional(row, "china_role")?,
        theme: row.get("theme")?,
        note: row.get("note")?,
        date: FactDate::from_row(row, words)?,
        quote: words.column(row, "quote")?,
        passage_id: row.get("passage_id")?,
        paragraph: row.get("ordinal")?,
        quote_start: offset(row, "quote_start")?,
        quote_end: offset(row, "quote_end")?,
        partners: Vec::new(),
        figures: Vec::new(),
    })
}

/// The facts `which` names, in the order of the text (passage, then quote),
/// each with its partners and figures. One fact is read through the keys of
/// its tables, so that `apsc show` takes as long on a million facts as on a
/// hundred.
pub fn load(conn: &Connection, which: Which<'_>) -> anyhow::Result<Vec<Fact>> {
    match which {
        Which::All => load_all(conn),
        Which::One { table, id } => Ok(load_one(conn, table, id)?.into_iter().collect()),
    }
}

fn load_one(conn: &Connection, table: &str, id: &str) -> anyhow::Result<Option<Fact>> {
    let sql = format!(
        "{} WHERE f.fact_table = ?1 AND f.fact_id = ?2",
        fact_select()
    );
    let mut stmt = conn.prepare(&sql).context("reading the fact")?;
    let mut words = Words::default();
    let Some(mut fact) = stmt
        .query_map([table, id], |row| fact_from_row(row, &mut words))?
        .next()
        .transpose()
        .with_context(|| format!("reading the fact {table}/{id}"))?
    else {
        return Ok(None);
    };
    let mut stmt = conn.prepare(
        "SELECT fp.partner_id, p.name, fp.role
           FROM fact_partners fp JOIN partners p ON p.id = fp.partner_id
          WHERE fp.fact_table = ?1 AND fp.fact_id = ?2 ORDER BY p.name",
    )?;
    fact.partners = stmt
        .query_map([table, id], |row| {
            Ok(Role {
                partner_id: words.column(row, "partner_id")?,
                name: words.column(row, "name")?,
                role: words.column(row, "role")?,
            })
        })?
        .collect::<Result<_, _>>()
        .context("reading the partners of the fact")?;
    // Its own figures, and those that count across facts in its sentence.
    let mut stmt = conn.prepare(&format!(
        "{FIGURES} WHERE (fact_table = ?1 AND fact_id = ?2)
            OR (fact_table IS NULL AND passage_id = ?3 AND quote_start < ?5 AND ?4 < quote_end)
         {FIGURES_ORDER}"
    ))?;
    let (start, end) = (fact.quote_start as i64, fact.quote_end as i64);
    fact.figures = stmt
        .query_map(
            rusqlite::params![table, id, fact.passage_id, start, end],
            figure_from_row,
        )?
        .collect::<Result<_, _>>()
        .context("reading the figures of the fact")?;
    Ok(Some(fact))
}

/// Every fact, read as its tables lie and put in order here: sorted by
/// SQLite, a million facts spill to temporary files and read the links back
/// a page at a time (see BENCHMARKS.md).
fn load_all(conn: &Connection) -> anyhow::Result<Vec<Fact>> {
    let mut words = Words::default();
    let mut stmt = conn.prepare(&fact_select()).context("reading the facts")?;
    let mut facts: Vec<Fact> = stmt
        .query_map([], |row| fact_from_row(row, &mut words))?
        .collect::<Result<_, _>>()
        .context("reading the facts")?;
    facts.sort_unstable_by(|a, b| a.text_order().cmp(&b.text_order()));
    let index: HashMap<(&str, &str), usize> = facts
        .iter()
        .enumerate()
        .map(|(i, f)| ((&*f.table, f.id.as_str()), i))
        .collect();
    let placed = roles(conn, &mut words, |table, id| {
        index.get(&(table, id)).copied()
    })?;
    // A figure belongs to its fact (`table/id`: no table name holds a
    // slash); one that counts across facts is shown with every fact whose
    // quote shares its sentence. Placed in the order of the text.
    let mut in_passage: HashMap<i64, Vec<usize>> = HashMap::new();
    for (i, fact) in facts.iter().enumerate() {
        in_passage.entry(fact.passage_id).or_default().push(i);
    }
    let mut figured: Vec<(usize, Figure)> = Vec::new();
    for figure in figures(conn)? {
        match &figure.fact {
            Some(key) => {
                let owner = key.split_once('/').and_then(|k| index.get(&k));
                if let Some(&i) = owner {
                    figured.push((i, figure));
                }
            }
            None => {
                for &i in in_passage.get(&figure.passage_id).into_iter().flatten() {
                    let fact = &facts[i];
                    if fact.quote_start < figure.quote_end && figure.quote_start < fact.quote_end {
                        figured.push((i, figure.clone()));
                    }
                }
            }
        }
    }
    drop(index);
    for (i, role) in placed {
        facts[i].partners.push(role);
    }
    for fact in &mut facts {
        fact.partners.sort_by(|a, b| a.name.cmp(&b.name));
    }
    for (i, figure) in figured {
        facts[i].figures.push(figure);
    }
    Ok(facts)
}

/// A code-point offset (never negative: the schema checks it).
pub fn offset(row: &rusqlite::Row<'_>, column: &str) -> rusqlite::Result<usize> {
    Ok(usize::try_from(row.get::<_, i64>(column)?).unwrap_or(0))
}

/// Every partner's role in every fact that `place` finds a place for, as
/// (place, role), in the order the link tables keep. Read in the order of
/// partner names, each link would be a search of its table (see
/// BENCHMARKS.md); the names come from a map.
fn roles(
    conn: &Connection,
    words: &mut Words,
    place: impl Fn(&str, &str) -> Option<usize>,
) -> anyhow::Result<Vec<(usize, Role)>> {
    let mut stmt = conn.prepare("SELECT id, name FROM partners")?;
    let names: HashMap<Rc<str>, Rc<str>> = stmt
        .query_map([], |row| {
            Ok((words.column(row, "id")?, words.column(row, "name")?))
        })?
        .collect::<Result<_, _>>()
        .context("reading the partners")?;
    let mut stmt =
        conn.prepare("SELECT fact_table, fact_id, partner_id, role FROM fact_partners")?;
    let mut rows = stmt.query([])?;
    let mut roles = Vec::new();
    while let Some(row) = rows.next().context("reading the partners of the facts")? {
        let (table, id) = (row.get_ref(0)?.as_str()?, row.get_ref(1)?.as_str()?);
        let Some(i) = place(table, id) else {
            continue;
        };
        // The schema keeps every link's partner; one it did not is left out,
        // as the join left it out.
        let Some((partner_id, name)) = names.get_key_value(row.get_ref(2)?.as_str()?) else {
            continue;
        };
        roles.push((
            i,
            Role {
                partner_id: Rc::clone(partner_id),
                name: Rc::clone(name),
                role: words.column(row, "role")?,
            },
        ));
    }
    Ok(roles)
}

const FIGURES: &str = "SELECT id, value_text, unit, metric, fact_table || '/' || fact_id,
        passage_id, quote_start, quote_end
   FROM figures";
/// The order of the text; figures in one quote by where their value stands.
const FIGURES_ORDER: &str = "ORDER BY passage_id, quote_start, instr(quote, value_text), id";

fn figure_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Figure> {
    Ok(Figure {
        id: row.get(0)?,
        value_text: row.get(1)?,
        unit: row.get(2)?,
        metric: row.get(3)?,
        fact: row.get(4)?,
        passage_id: row.get(5)?,
        quote_start: offset(row, "quote_start")?,
        quote_end: offset(row, "quote_end")?,
    })
}

/// Every figure, in the order of the text.
pub fn figures(conn: &Connection) -> anyhow::Result<Vec<Figure>> {
    let mut stmt = conn.prepare(&format!("{FIGURES} {FIGURES_ORDER}"))?;
    let rows = stmt.query_map([], figure_from_row)?;
    rows.collect::<Result<_, _>>()
        .context("reading the figures")
}

/// A partner with every name it goes by.
#[derive(Debug, Clone)]
pub struct Partner {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub iso3: Option<String>,
    /// China, whose policies the paper states.
    pub is_subject: bool,
    /// Every other name, as `partner_aliases` lists them.
    pub aliases: Vec<String>,
}

/// Every partner, by name, with its aliases.
pub fn partners(conn: &Connection) -> anyhow::Result<Vec<Partner>> {
    let mut stmt = conn.prepare(
        "SELECT p.id, p.name, p.kind, p.iso3, p.is_subject,
                (SELECT json_group_array(alias) FROM
                   (SELECT alias FROM partner_aliases a
                     WHERE a.partner_id = p.id AND a.alias <> p.name ORDER BY alias))
           FROM partners p ORDER BY p.name",
    )?;
    let rows = stmt.query_map([], |row| {
        let aliases: String = row.get(5)?;
        Ok(Partner {
            id: row.get(0)?,
            name: row.get(1)?,
            kind: row.get(2)?,
            iso3: row.get(3)?,
            is_subject: row.get(4)?,
            aliases: serde_json::from_str(&aliases).unwrap_or_default(),
        })
    })?;
    rows.collect::<Result<_, _>>()
        .context("reading the partners")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_held_once_however_often_it_is_read() {
        let mut words = Words::default();
        let first = words.get("meetings");
        let again = words.get(&String::from("meetings"));
        let other = words.get("exercises");
        assert!(Rc::ptr_eq(&first, &again));
        assert!(!Rc::ptr_eq(&first, &other));
        assert_eq!((&*first, &*other), ("meetings", "exercises"));
    }
}
