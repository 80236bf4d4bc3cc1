//! The facts with everything a reader needs beside them: partners and their
//! roles, figures, the date, and where the quote stands in the paper. `apsc
//! show` and `apsc html` read the knowledge base through here: one query,
//! joined and sorted by SQLite.

use anyhow::Context;
use rusqlite::Connection;
use serde::Deserialize;
use serde::de::DeserializeOwned;

pub use crate::dates::FactDate;

/// One row of any fact table.
#[derive(Debug, Clone, Deserialize)]
pub struct Fact {
    /// The table: `meetings`, `exercises`, `agreements`, `operations`, `statements`.
    pub table: String,
    pub id: String,
    /// The name, or a statement's topic.
    pub name: String,
    pub kind: String,
    pub area_id: String,
    pub area: String,
    pub section: String,
    pub china_role: Option<String>,
    /// A meeting's theme, as the text gives it.
    pub theme: Option<String>,
    /// The curator's note on a judgement the text leaves open.
    pub note: Option<String>,
    /// The form coded from the sentence, and why where the links imply another.
    pub form: String,
    pub form_note: Option<String>,
    pub date: FactDate,
    /// A date inferred from the sentence framing the paragraph, never the
    /// fact's own: `text` says so and names the frame's basis.
    pub context: Option<FactDate>,
    /// The sentence or sentences it comes from.
    pub quote: String,
    pub passage_id: i64,
    /// The passage's number within its section.
    pub paragraph: i64,
    /// Code-point offsets of the quote in the document's text.
    pub quote_start: usize,
    pub quote_end: usize,
    /// By partner name.
    pub partners: Vec<Role>,
    /// Its own, and those that count across facts in its sentence, in the
    /// order of the text.
    pub figures: Vec<Figure>,
}

impl Fact {
    /// `meetings/china-asean-le-dialogue`: how reports cite a fact.
    pub fn key(&self) -> String {
        format!("{}/{}", self.table, self.id)
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
#[derive(Debug, Clone, Deserialize)]
pub struct Role {
    pub partner_id: String,
    pub name: String,
    pub role: String,
}

/// A number the text states.
#[derive(Debug, Clone, Deserialize)]
pub struct Figure {
    pub value_text: String,
    pub metric: String,
}

impl Figure {
    /// "over 10,000 (suspects arrested)".
    pub fn label(&self) -> String {
        format!("{} ({})", self.value_text, self.metric)
    }
}

/// Every fact, or the one `table/id` names (none when there is none), in
/// the order of the text: passage, then quote, then SQLite's BINARY order of
/// table and id. SQLite writes each fact as one JSON object, its partners
/// and figures in it as arrays.
pub fn load(conn: &Connection, one: Option<(&str, &str)>) -> anyhow::Result<Vec<Fact>> {
    let filter = match one {
        Some(_) => "WHERE f.fact_table = ?1 AND f.fact_id = ?2",
        None => "",
    };
    // A figure belongs to its fact; one that counts across facts, to every
    // fact whose quote shares its sentence.
    let sql = format!(
        "WITH held AS (
             SELECT g.fact_table AS owner_table, g.fact_id AS owner_id, g.* FROM figures g
              WHERE g.fact_table IS NOT NULL
             UNION ALL
             SELECT f.fact_table, f.fact_id, g.* FROM figures g
               JOIN facts f ON f.passage_id = g.passage_id
                           AND g.quote_start < f.quote_end AND f.quote_start < g.quote_end
              WHERE g.fact_table IS NULL),
         figured AS (
             SELECT owner_table, owner_id,
                    json_group_array(json_object('value_text', value_text, 'metric', metric)
                        ORDER BY passage_id, quote_start, instr(quote, value_text), id) AS list
               FROM held GROUP BY owner_table, owner_id)
         SELECT json_object('table', f.fact_table, 'id', f.fact_id, 'name', f.name,
                'kind', f.kind, 'area_id', f.area_id, 'area', a.name, 'section', a.section,
                'china_role', f.china_role, 'theme', f.theme, 'note', f.note,
                'form', f.form, 'form_note', f.form_note, 'quote', f.quote,
                'passage_id', f.passage_id, 'paragraph', p.ordinal,
                'quote_start', f.quote_start, 'quote_end', f.quote_end,
                'date', json_object('text', f.date_text, 'edtf', f.date_edtf,
                                    'start', f.date_start, 'end', f.date_end),
                'context', iif(c.date_edtf IS NULL, NULL, json_object(
                    'text', iif(c.basis = 'frame', 'inferred from the sentence that frames it',
                                'inferred from the sentence that opens its paragraph'),
                    'edtf', c.date_edtf, 'start', c.date_start, 'end', c.date_end)),
                'partners', json((SELECT json_group_array(json_object('partner_id', l.partner_id,
                                                     'name', x.name, 'role', l.role)
                            ORDER BY x.name)
                   FROM fact_partners l JOIN partners x ON x.id = l.partner_id
                  WHERE l.fact_table = f.fact_table AND l.fact_id = f.fact_id)),
                'figures', json(coalesce(figured.list, '[]')))
           FROM facts f JOIN areas a ON a.id = f.area_id JOIN passages p ON p.id = f.passage_id
           LEFT JOIN figured ON owner_table = f.fact_table AND owner_id = f.fact_id
           LEFT JOIN context_dates c ON c.fact_table = f.fact_table AND c.fact_id = f.fact_id
          {filter}
          ORDER BY f.passage_id, f.quote_start, f.fact_table, f.fact_id"
    );
    let params = one.map_or(vec![], |(table, id)| vec![table, id]);
    json_rows(conn, &sql, rusqlite::params_from_iter(params)).context("reading the facts")
}

/// The rows of `sql`, each one JSON value in its first column.
pub fn json_rows<T: DeserializeOwned>(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> anyhow::Result<Vec<T>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map(params, |row| row.get::<_, String>(0))?;
    rows.map(|json| Ok(serde_json::from_str(&json?)?)).collect()
}

/// A code-point offset (never negative: the schema checks it).
pub fn offset(row: &rusqlite::Row<'_>, column: usize) -> rusqlite::Result<usize> {
    Ok(usize::try_from(row.get::<_, i64>(column)?).unwrap_or(0))
}

/// A text cut by code-point offsets, as the database records them: each
/// cut a lookup, however far into the text.
pub struct CodePoints {
    text: String,
    /// The byte offset of every code point, and of the end.
    bytes: Vec<usize>,
}

impl CodePoints {
    pub fn new(text: String) -> CodePoints {
        let starts = text.char_indices().map(|(b, _)| b);
        let bytes = starts.chain([text.len()]).collect();
        CodePoints { text, bytes }
    }

    /// The code points `start..end`; None when the range is backwards or
    /// runs past the end.
    pub fn get(&self, start: usize, end: usize) -> Option<&str> {
        let (from, to) = (*self.bytes.get(start)?, *self.bytes.get(end)?);
        self.text.get(from..to)
    }

    /// The code points `start..end`, as far as the text has them.
    pub fn slice(&self, start: usize, end: usize) -> &str {
        let last = self.bytes.len() - 1;
        self.get(start.min(last), end.min(last)).unwrap_or("")
    }
}

/// A partner with every name it goes by.
#[derive(Debug, Clone, Deserialize)]
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
    let sql = "SELECT json_object('id', p.id, 'name', p.name, 'kind', p.kind, 'iso3', p.iso3,
                      'is_subject', json(iif(p.is_subject, 'true', 'false')),
                      'aliases', json((SELECT json_group_array(alias) FROM
                          (SELECT alias FROM partner_aliases a
                            WHERE a.partner_id = p.id AND a.alias <> p.name ORDER BY alias))))
                 FROM partners p ORDER BY p.name";
    json_rows(conn, sql, []).context("reading the partners")
}
