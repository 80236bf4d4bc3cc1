//! The partner network: partners and facts as a graph, in the formats network
//! tools read (GraphML, GEXF, DOT, node-link JSON). Two forms: bipartite
//! (partners and facts as nodes, an edge where a partner takes part in a
//! fact) and projected (partners only, an edge where two share facts,
//! weighted by how many). China, the subject of every fact, is not a node:
//! its role is an attribute of every fact and edge.
//!
//! Nodes and edges stream from the database to the file one at a time (the
//! projection is aggregated by SQLite), so a graph of millions of facts
//! never sits in memory whole.

mod text;
mod xml;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use anyhow::Context;
use clap::ValueEnum;
use rusqlite::Connection;

use crate::error;
use crate::progress::Progress;
use crate::seed::rows::{FACT_FILES, FactFile};

/// Which graph to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Form {
    /// Partners and facts as nodes; an edge per partner taking part in a fact.
    Bipartite,
    /// Partners only; an edge between two partners that share facts, weighted
    /// by the number of facts they share.
    Projected,
}

/// The file formats, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    GraphMl,
    Gexf,
    Dot,
    Json,
}

impl GraphFormat {
    /// The format a file name asks for.
    pub fn from_path(path: &Path) -> anyhow::Result<GraphFormat> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("graphml") => Ok(GraphFormat::GraphMl),
            Some("gexf") => Ok(GraphFormat::Gexf),
            Some("dot" | "gv") => Ok(GraphFormat::Dot),
            Some("json") => Ok(GraphFormat::Json),
            _ => Err(error::usage(format!(
                "cannot tell the graph format from the name {}; end it in .graphml, .gexf, .dot or .json",
                path.display()
            ))),
        }
    }
}

/// The type of an attribute, as the formats declare it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Integer,
}

/// One attribute value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Integer(i64),
}

/// Attributes by name; a missing one has no value.
pub type Attributes = BTreeMap<&'static str, Value>;

#[derive(Debug, Clone)]
pub struct Node {
    pub id: String,
    pub label: String,
    pub attributes: Attributes,
}

#[derive(Debug, Clone)]
pub struct Edge {
    pub source: String,
    pub target: String,
    pub attributes: Attributes,
}

/// A graph with its declared attributes, whose nodes and edges are read
/// from the database as they are written.
pub struct Graph<'c> {
    pub form: Form,
    pub description: String,
    pub node_keys: Vec<(&'static str, Kind)>,
    pub edge_keys: Vec<(&'static str, Kind)>,
    conn: &'c Connection,
    progress: Progress,
}

/// What a writer does with each node or edge.
pub type Each<'a, T> = &'a mut dyn FnMut(&T) -> std::io::Result<()>;

/// A fact table's name as a type label: `meetings` is a `meeting`.
pub fn fact_type(table: &str) -> &str {
    table.strip_suffix('s').unwrap_or(table)
}

fn text(value: Option<String>) -> Option<Value> {
    value.map(Value::Text)
}

/// Run `sql` and hand each row, as `read` makes it, to `each`; returns how
/// many rows there were.
fn stream<T>(
    conn: &Connection,
    sql: &str,
    read: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    each: Each<'_, T>,
    progress: &Progress,
) -> anyhow::Result<u64> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([])?;
    let mut n = 0;
    while let Some(row) = rows.next()? {
        each(&read(row)?)?;
        n += 1;
        progress.inc(1);
    }
    Ok(n)
}

const PARTNERS: &str = "SELECT id, name, kind, iso3 FROM partners WHERE is_subject = 0 ORDER BY id";

/// A partner as a node.
fn partner_node(row: &rusqlite::Row<'_>) -> rusqlite::Result<Node> {
    let mut attributes = Attributes::new();
    attributes.insert("type", Value::Text("partner".into()));
    attributes.insert("kind", Value::Text(row.get(2)?));
    if let Some(iso3) = text(row.get(3)?) {
        attributes.insert("iso3", iso3);
    }
    Ok(Node {
        id: row.get(0)?,
        label: row.get(1)?,
        attributes,
    })
}

/// The fact tables in the order of their names: read one after another,
/// each in the order of its key, they come out in the order of
/// `table/id` without SQLite sorting them all.
fn fact_tables() -> Vec<&'static FactFile> {
    let mut specs: Vec<&FactFile> = FACT_FILES.iter().collect();
    specs.sort_by_key(|spec| spec.table);
    specs
}

/// One fact table's facts, in the order of their ids: `fact_table, fact_id,
/// name, kind, area_id, china_role, date_start, date_end, date_text`.
fn facts_sql(spec: &FactFile) -> String {
    let name = if spec.columns.contains(&"name") {
        "name"
    } else {
        "topic"
    };
    format!(
        "SELECT '{table}', id, {name}, kind, area_id, {china_role}, date_start, date_end, date_text
           FROM {table} ORDER BY id",
        table = spec.table,
        china_role = china_role(spec, ""),
    )
}

/// China's role in a fact of this table: statements have none.
fn china_role(spec: &FactFile, alias: &str) -> String {
    if spec.columns.contains(&"china_role") {
        format!("{alias}china_role")
    } else {
        "NULL".to_string()
    }
}

/// A fact as a node, with type, kind, area, China's role and date.
fn fact_node(row: &rusqlite::Row<'_>) -> rusqlite::Result<Node> {
    let table: String = row.get(0)?;
    let mut attributes = Attributes::new();
    attributes.insert("type", Value::Text("fact".into()));
    attributes.insert("fact_type", Value::Text(fact_type(&table).into()));
    attributes.insert("kind", Value::Text(row.get(3)?));
    attributes.insert("area", Value::Text(row.get(4)?));
    let optional = [
        ("china_role", 5),
        ("date_start", 6),
        ("date_end", 7),
        ("date_text", 8),
    ];
    for (name, index) in optional {
        if let Some(value) = text(row.get(index)?) {
            attributes.insert(name, value);
        }
    }
    Ok(Node {
        id: format!("{table}/{}", row.get::<_, String>(1)?),
        label: row.get(2)?,
        attributes,
    })
}

/// Each partner's part in one table's facts (China's excepted), with
/// China's role in the fact and its area: `fact, partner_id, role,
/// china_role, area_id`. The link table joins its own fact table by key;
/// joined through the `fact_partners` and `facts` views, SQLite would copy
/// every fact out of the `facts` view once per link table.
fn links_sql(spec: &FactFile) -> String {
    format!(
        "SELECT '{table}/' || l.{column}, l.partner_id, l.role, {china_role}, f.area_id
           FROM {links} l
           JOIN {table} f ON f.id = l.{column}
           JOIN partners p ON p.id = l.partner_id
          WHERE p.is_subject = 0",
        table = spec.table,
        links = spec.link_table,
        column = spec.link_column,
        china_role = china_role(spec, "f."),
    )
}

/// A partner's part in a fact as an edge of the bipartite graph.
fn link_edge(row: &rusqlite::Row<'_>) -> rusqlite::Result<Edge> {
    let mut attributes = Attributes::new();
    attributes.insert("role", Value::Text(row.get(2)?));
    if let Some(role) = text(row.get(3)?) {
        attributes.insert("china_role", role);
    }
    Ok(Edge {
        source: row.get(1)?,
        target: row.get(0)?,
        attributes,
    })
}

/// Pairs of partners that share facts, from a relation `links (fact,
/// partner_id, area_id)`: how many facts each pair shares, and the areas
/// they share them in (each fact has one area, so the counts per area add up
/// to the facts shared).
const PAIRS: &str =
    "SELECT source, target, sum(shared), group_concat(area_id, ';' ORDER BY area_id)
   FROM (SELECT a.partner_id AS source, b.partner_id AS target, a.area_id, count(*) AS shared
           FROM links a JOIN links b ON b.fact = a.fact AND b.partner_id > a.partner_id
          GROUP BY 1, 2, 3)
  GROUP BY 1, 2
  ORDER BY 1, 2";

/// A pair of partners as an edge of the projected graph.
fn pair_edge(row: &rusqlite::Row<'_>) -> rusqlite::Result<Edge> {
    let mut attributes = Attributes::new();
    attributes.insert("weight", Value::Integer(row.get(2)?));
    attributes.insert("areas", Value::Text(row.get(3)?));
    Ok(Edge {
        source: row.get(0)?,
        target: row.get(1)?,
        attributes,
    })
}

const PARTNER_KEYS: [(&str, Kind); 3] = [
    ("type", Kind::Text),
    ("kind", Kind::Text),
    ("iso3", Kind::Text),
];

/// The graph of the given form over the database; `progress` counts the
/// nodes and edges as they are written.
pub fn load(conn: &Connection, form: Form, progress: Progress) -> Graph<'_> {
    let (description, node_keys, edge_keys) = match form {
        Form::Bipartite => {
            let mut node_keys = PARTNER_KEYS.to_vec();
            node_keys.extend([
                ("fact_type", Kind::Text),
                ("area", Kind::Text),
                ("china_role", Kind::Text),
                ("date_start", Kind::Text),
                ("date_end", Kind::Text),
                ("date_text", Kind::Text),
            ]);
            (
                "Partners and the facts they take part in (section VI of the white paper \
                 of January 2017); edges carry the partner's role and China's.",
                node_keys,
                vec![("role", Kind::Text), ("china_role", Kind::Text)],
            )
        }
        Form::Projected => (
            "Partners linked by the facts they share (section VI of the white paper \
             of January 2017); weight is the number of shared facts, areas the areas \
             they share them in.",
            PARTNER_KEYS.to_vec(),
            vec![("weight", Kind::Integer), ("areas", Kind::Text)],
        ),
    };
    Graph {
        form,
        description: description.into(),
        node_keys,
        edge_keys,
        conn,
        progress,
    }
}

impl Graph<'_> {
    /// Hand every node to `each`, partners first; returns how many.
    pub fn nodes(&self, each: Each<'_, Node>) -> anyhow::Result<u64> {
        let (conn, progress) = (self.conn, &self.progress);
        let partners =
            stream(conn, PARTNERS, partner_node, each, progress).context("reading the partners")?;
        if self.form == Form::Projected {
            return Ok(partners);
        }
        let mut facts = 0;
        for spec in fact_tables() {
            facts += stream(conn, &facts_sql(spec), fact_node, each, progress)
                .context("reading the facts")?;
        }
        Ok(partners + facts)
    }

    /// Hand every edge to `each`; returns how many.
    pub fn edges(&self, each: Each<'_, Edge>) -> anyhow::Result<u64> {
        let (conn, progress) = (self.conn, &self.progress);
        let context = "reading who takes part in which fact";
        if self.form == Form::Projected {
            let links: Vec<String> = FACT_FILES.iter().map(links_sql).collect();
            let sql = format!(
                "WITH links (fact, partner_id, role, china_role, area_id) AS MATERIALIZED ({}) {PAIRS}",
                links.join("\n UNION ALL\n")
            );
            return stream(conn, &sql, pair_edge, each, progress).context(context);
        }
        // Each link table's key is (fact, partner): read in its order, the
        // edges need no sort.
        let mut edges = 0;
        for spec in fact_tables() {
            let sql = format!(
                "{} ORDER BY l.{column}, l.partner_id",
                links_sql(spec),
                column = spec.link_column
            );
            edges += stream(conn, &sql, link_edge, each, progress).context(context)?;
        }
        Ok(edges)
    }
}

/// Write the graph in the given format; returns how many nodes and edges.
pub fn write(
    graph: &Graph<'_>,
    format: GraphFormat,
    out: &mut dyn Write,
) -> anyhow::Result<(u64, u64)> {
    match format {
        GraphFormat::GraphMl => xml::graphml(graph, out),
        GraphFormat::Gexf => xml::gexf(graph, out),
        GraphFormat::Dot => text::dot(graph, out),
        GraphFormat::Json => text::node_link(graph, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_projection_weights_pairs_by_shared_facts_and_keeps_their_areas() -> anyhow::Result<()> {
        let conn = Connection::open_in_memory()?;
        conn.execute_batch(
            "CREATE TABLE links (fact TEXT, partner_id TEXT, area_id TEXT);
             INSERT INTO links VALUES
               ('meetings/a', 'rok', 'cyber'), ('meetings/a', 'japan', 'cyber'),
               ('exercises/b', 'japan', 'relief'), ('exercises/b', 'rok', 'relief'),
               ('exercises/b', 'asean', 'relief'), ('agreements/c', 'russia', 'cyber');",
        )?;
        let mut edges = Vec::new();
        stream(
            &conn,
            PAIRS,
            pair_edge,
            &mut |edge: &Edge| {
                edges.push(edge.clone());
                Ok(())
            },
            &Progress::hidden(),
        )?;
        let edge = |a: &str, b: &str| {
            edges
                .iter()
                .find(|e| e.source == a && e.target == b)
                .map(|e| e.attributes.clone())
        };
        let japan_rok = edge("japan", "rok").expect("japan and rok share two facts");
        assert_eq!(japan_rok["weight"], Value::Integer(2));
        assert_eq!(japan_rok["areas"], Value::Text("cyber;relief".into()));
        assert_eq!(edge("asean", "japan").unwrap()["weight"], Value::Integer(1));
        // Russia shares no fact with anyone: no edge.
        assert!(
            edges
                .iter()
                .all(|e| e.source != "russia" && e.target != "russia")
        );
        assert_eq!(edges.len(), 3);
        Ok(())
    }

    #[test]
    fn fact_types_are_singular() {
        assert_eq!(fact_type("meetings"), "meeting");
        assert_eq!(fact_type("statements"), "statement");
    }
}
