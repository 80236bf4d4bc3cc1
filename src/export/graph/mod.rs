//! The partner network: partners and facts as a graph, in the formats network
//! tools read (GraphML, GEXF, DOT, node-link JSON). Two forms: bipartite
//! (partners and facts as nodes, an edge where a partner takes part in a
//! fact) and projected (partners only, an edge where two share facts,
//! weighted by how many). China, the subject of every fact, is not a node:
//! its role is an attribute of every fact and edge. Through the memberships
//! (an option), an organisation a fact names also links the members it
//! reaches, each such edge marked `via` it.
//!
//! Each node and edge is one row of a query: its two ends (a node's id and
//! label, an edge's source and target), then its attributes by column name.
//! SQLite joins, sorts and counts; the writers only format the rows.

mod model;
mod text;
mod xml;

use std::io::Write;
use std::path::Path;

use rusqlite::Connection;

use crate::error;
use crate::progress::Progress;

pub use model::{Form, Graph, Key};

/// A format's writer: writes the graph, returns how many nodes and edges.
pub type Writer = fn(&Graph<'_>, &mut dyn Write) -> anyhow::Result<(u64, u64)>;

/// The writer of the format a file name asks for by its extension.
pub fn writer(path: &Path) -> anyhow::Result<Writer> {
    let ext = path.extension().and_then(|e| e.to_str());
    match ext.map(str::to_ascii_lowercase).as_deref() {
        Some("graphml") => Ok(xml::graphml),
        Some("gexf") => Ok(xml::gexf),
        Some("dot" | "gv") => Ok(text::dot),
        Some("json") => Ok(text::node_link),
        _ => Err(error::usage(format!(
            "cannot tell the graph format from the name {}; end it in .graphml, .gexf, .dot or .json",
            path.display()
        ))),
    }
}

/// Every partner but China, as nodes, with the identifiers from outside the
/// text that join other datasets (ISO 3166-1, Correlates of War, UN M49,
/// Wikidata).
const PARTNER_NODES: &str = "
SELECT id, name, 'partner' AS type, kind, iso3, iso_alpha2, iso_numeric, cow_code, cow_abbrev,
       m49_region_code, m49_region, m49_subregion_code, m49_subregion, wikidata
  FROM partners WHERE is_subject = 0 ORDER BY id";

/// The members an organisation reaches that are not partners of the text.
const MEMBER_NODES: &str = "
SELECT member, min(member_name), 'member' AS type, member_kind AS kind, member_iso3 AS iso3
  FROM fact_members WHERE member NOT IN (SELECT id FROM partners) GROUP BY member ORDER BY member";

/// Every fact, as nodes: its type label is its table's name in the
/// singular (`meetings` holds `meeting`s), with its coded form and whether
/// it is an engagement (a statement is a position).
const FACT_NODES: &str = "
SELECT fact_table || '/' || fact_id, name, 'fact' AS type,
       substr(fact_table, 1, length(fact_table) - 1) AS fact_type, kind, area_id AS area,
       china_role, form, fact_table <> 'statements' AS is_engagement, date_start, date_end, date_text
  FROM facts ORDER BY fact_table, fact_id";

/// `links`: each partner's part in a fact, China's excepted; through the
/// memberships, also each member an organisation the fact names reaches
/// where the text does not link it itself, `via` that organisation.
fn links(through_memberships: bool) -> String {
    let reached = "UNION ALL SELECT member, fact_type || 's', fact_id, NULL, organization_id
                     FROM fact_members WHERE linked = 0";
    format!(
        "WITH links (partner, fact_table, fact_id, role, via) AS (
           SELECT fp.partner_id, fp.fact_table, fp.fact_id, fp.role, NULL
             FROM fact_partners fp JOIN partners p ON p.id = fp.partner_id
            WHERE p.is_subject = 0 {})",
        if through_memberships { reached } else { "" }
    )
}

/// Each partner's part in a fact with China's role in it; a member reached
/// through two organisations of one fact is one edge.
fn link_edges(through_memberships: bool) -> String {
    let via = ", group_concat(l.via, ';' ORDER BY l.via) AS via";
    format!(
        "{} SELECT l.partner, l.fact_table || '/' || l.fact_id, l.role, f.china_role{}
              FROM links l JOIN facts f USING (fact_table, fact_id)
             GROUP BY l.fact_table, l.fact_id, l.partner ORDER BY l.fact_table, l.fact_id, l.partner",
        links(through_memberships),
        if through_memberships { via } else { "" }
    )
}

/// Every two partners (China excepted) that share engagements: how many,
/// and the areas they share them in; a statement, a position, ties no one.
/// Facts of different tables are different facts.
/// Through the memberships, a member reached shares the fact with its text's
/// partners (not with the other members reached): `reached` counts the
/// facts shared only so, `via` names the organisations.
fn pair_edges(through_memberships: bool) -> String {
    let via = ", nullif(count(DISTINCT iif(via IS NULL, NULL, fact)), 0) AS reached,
               replace(group_concat(DISTINCT via ORDER BY via), ',', ';') AS via";
    format!(
        "{}, pairs AS (
           SELECT a.partner AS source, b.partner AS target, a.fact_table || '/' || a.fact_id AS fact,
                  f.area_id, coalesce(a.via, b.via) AS via
             FROM links a
             JOIN links b ON b.fact_table = a.fact_table AND b.fact_id = a.fact_id
              AND b.partner > a.partner AND (a.via IS NULL OR b.via IS NULL)
             JOIN facts f ON f.fact_table = a.fact_table AND f.fact_id = a.fact_id
            WHERE a.fact_table <> 'statements')
         SELECT source, target, count(DISTINCT fact) AS weight,
                replace(group_concat(DISTINCT area_id ORDER BY area_id), ',', ';') AS areas{}
           FROM pairs GROUP BY 1, 2 ORDER BY 1, 2",
        links(through_memberships),
        if through_memberships { via } else { "" }
    )
}

/// The graph of the given form over the database, through the memberships
/// if asked; `progress` counts the nodes and edges as they are written.
pub fn load(
    conn: &Connection,
    form: Form,
    through_memberships: bool,
    progress: Progress,
) -> anyhow::Result<Graph<'_>> {
    let (mut description, mut nodes, edges) = match form {
        Form::Bipartite => (
            "Partners and the facts they take part in (section VI of the white paper \
             of January 2017); edges carry the partner's role and China's."
                .to_string(),
            vec![PARTNER_NODES, FACT_NODES],
            link_edges(through_memberships),
        ),
        Form::Projected => (
            "Partners linked by the engagements they share (section VI of the white \
             paper of January 2017; a statement, a position, links no one); weight is \
             the number of shared engagements, areas the areas they share them in."
                .to_string(),
            vec![PARTNER_NODES],
            pair_edges(through_memberships),
        ),
    };
    if through_memberships {
        nodes.insert(1, MEMBER_NODES);
        description.push_str(
            " Through the memberships (from outside the text, on 2017-01-11), an organisation \
             a fact names also links the members it reaches: marked via the organisation, \
             apart from the text's own links.",
        );
    }
    Ok(Graph {
        form,
        description,
        node_keys: keys(conn, &nodes)?,
        edge_keys: keys(conn, &[&edges])?,
        nodes,
        edges,
        conn,
        progress,
    })
}

/// The attributes the queries give, each once, in the order they first
/// come: every column after the two ends. Counts are integers.
fn keys(conn: &Connection, queries: &[&str]) -> rusqlite::Result<Vec<Key>> {
    let mut keys: Vec<Key> = Vec::new();
    for sql in queries {
        for name in conn.prepare(sql)?.column_names().skip(2) {
            if keys.iter().all(|(key, _)| key != name) {
                let integer = matches!(name, "weight" | "reached" | "cow_code" | "is_engagement");
                keys.push((name.to_string(), if integer { "long" } else { "string" }));
            }
        }
    }
    Ok(keys)
}

/// How many facts have no partner but China: in the bipartite graph,
/// nodes without an edge.
pub fn facts_without_partners(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT count(*) FROM facts f
          WHERE NOT EXISTS (SELECT 1 FROM fact_partners fp JOIN partners p ON p.id = fp.partner_id
                             WHERE p.is_subject = 0 AND fp.fact_table = f.fact_table
                               AND fp.fact_id = f.fact_id)",
        [],
        |r| r.get(0),
    )
}
