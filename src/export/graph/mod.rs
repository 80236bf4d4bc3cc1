//! The partner network: partners and facts as a graph, in the formats network
//! tools read (GraphML, GEXF, DOT, node-link JSON). Two forms: bipartite
//! (partners and facts as nodes, an edge where a partner takes part in a
//! fact) and projected (partners only, an edge where two share facts,
//! weighted by how many). China, the subject of every fact, is not a node:
//! its role is an attribute of every fact and edge.

mod text;
mod xml;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use anyhow::Context;
use clap::ValueEnum;
use rusqlite::Connection;

use crate::error;

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

/// A graph with its declared attributes.
#[derive(Debug, Clone)]
pub struct Graph {
    pub form: Form,
    pub description: String,
    pub node_keys: Vec<(&'static str, Kind)>,
    pub edge_keys: Vec<(&'static str, Kind)>,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// A fact table's name as a type label: `meetings` is a `meeting`.
pub fn fact_type(table: &str) -> &str {
    table.strip_suffix('s').unwrap_or(table)
}

fn text(value: Option<String>) -> Option<Value> {
    value.map(Value::Text)
}

/// Every partner but the subject, as nodes.
fn partner_nodes(conn: &Connection) -> rusqlite::Result<Vec<Node>> {
    let mut stmt =
        conn.prepare("SELECT id, name, kind, iso3 FROM partners WHERE is_subject = 0 ORDER BY id")?;
    stmt.query_map([], |row| {
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
    })?
    .collect()
}

/// Every fact, as nodes with type, kind, area, China's role and date.
fn fact_nodes(conn: &Connection) -> rusqlite::Result<Vec<Node>> {
    let mut stmt = conn.prepare(
        "SELECT fact_table, fact_id, name, kind, area_id, china_role, date_start, date_end, date_text
           FROM facts ORDER BY fact_table, fact_id",
    )?;
    stmt.query_map([], |row| {
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
    })?
    .collect()
}

/// One partner's part in one fact.
struct Link {
    fact: String,
    partner: String,
    role: String,
    china_role: Option<String>,
    area: String,
}

fn links(conn: &Connection) -> rusqlite::Result<Vec<Link>> {
    let mut stmt = conn.prepare(
        "SELECT fp.fact_table || '/' || fp.fact_id, fp.partner_id, fp.role, f.china_role, f.area_id
           FROM fact_partners fp
           JOIN facts f ON f.fact_table = fp.fact_table AND f.fact_id = fp.fact_id
           JOIN partners p ON p.id = fp.partner_id
          WHERE p.is_subject = 0
          ORDER BY 1, 2",
    )?;
    stmt.query_map([], |row| {
        Ok(Link {
            fact: row.get(0)?,
            partner: row.get(1)?,
            role: row.get(2)?,
            china_role: row.get(3)?,
            area: row.get(4)?,
        })
    })?
    .collect()
}

const PARTNER_KEYS: [(&str, Kind); 3] = [
    ("type", Kind::Text),
    ("kind", Kind::Text),
    ("iso3", Kind::Text),
];

/// Build the graph of the given form from the database.
pub fn load(conn: &Connection, form: Form) -> anyhow::Result<Graph> {
    let partners = partner_nodes(conn).context("reading the partners")?;
    let links = links(conn).context("reading who takes part in which fact")?;
    match form {
        Form::Bipartite => {
            let facts = fact_nodes(conn).context("reading the facts")?;
            Ok(bipartite(partners, facts, &links))
        }
        Form::Projected => Ok(projected(partners, &links)),
    }
}

fn bipartite(partners: Vec<Node>, facts: Vec<Node>, links: &[Link]) -> Graph {
    let edges = links
        .iter()
        .map(|link| {
            let mut attributes = Attributes::new();
            attributes.insert("role", Value::Text(link.role.clone()));
            if let Some(role) = &link.china_role {
                attributes.insert("china_role", Value::Text(role.clone()));
            }
            Edge {
                source: link.partner.clone(),
                target: link.fact.clone(),
                attributes,
            }
        })
        .collect();
    let mut node_keys = PARTNER_KEYS.to_vec();
    node_keys.extend([
        ("fact_type", Kind::Text),
        ("area", Kind::Text),
        ("china_role", Kind::Text),
        ("date_start", Kind::Text),
        ("date_end", Kind::Text),
        ("date_text", Kind::Text),
    ]);
    Graph {
        form: Form::Bipartite,
        description: "Partners and the facts they take part in (section VI of the white paper \
                      of January 2017); edges carry the partner's role and China's."
            .into(),
        node_keys,
        edge_keys: vec![("role", Kind::Text), ("china_role", Kind::Text)],
        nodes: partners.into_iter().chain(facts).collect(),
        edges,
    }
}

fn projected(partners: Vec<Node>, links: &[Link]) -> Graph {
    let mut by_fact: BTreeMap<&str, Vec<&Link>> = BTreeMap::new();
    for link in links {
        by_fact.entry(&link.fact).or_default().push(link);
    }
    // (a, b) with a < b: how many facts they share, and in which areas.
    let mut pairs: BTreeMap<(&str, &str), (i64, Vec<&str>)> = BTreeMap::new();
    for members in by_fact.values() {
        for (i, a) in members.iter().enumerate() {
            for b in &members[i + 1..] {
                let key = if a.partner < b.partner {
                    (a.partner.as_str(), b.partner.as_str())
                } else {
                    (b.partner.as_str(), a.partner.as_str())
                };
                let entry = pairs.entry(key).or_default();
                entry.0 += 1;
                if !entry.1.contains(&a.area.as_str()) {
                    entry.1.push(&a.area);
                }
            }
        }
    }
    let edges = pairs
        .into_iter()
        .map(|((a, b), (weight, mut areas))| {
            areas.sort_unstable();
            let mut attributes = Attributes::new();
            attributes.insert("weight", Value::Integer(weight));
            attributes.insert("areas", Value::Text(areas.join(";")));
            Edge {
                source: a.to_string(),
                target: b.to_string(),
                attributes,
            }
        })
        .collect();
    Graph {
        form: Form::Projected,
        description: "Partners linked by the facts they share (section VI of the white paper \
                      of January 2017); weight is the number of shared facts, areas the areas \
                      they share them in."
            .into(),
        node_keys: PARTNER_KEYS.to_vec(),
        edge_keys: vec![("weight", Kind::Integer), ("areas", Kind::Text)],
        nodes: partners,
        edges,
    }
}

/// Write the graph in the given format.
pub fn write(graph: &Graph, format: GraphFormat, out: &mut dyn Write) -> anyhow::Result<()> {
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

    fn link(fact: &str, partner: &str, area: &str) -> Link {
        Link {
            fact: fact.into(),
            partner: partner.into(),
            role: "participant".into(),
            china_role: Some("host".into()),
            area: area.into(),
        }
    }

    fn node(id: &str) -> Node {
        Node {
            id: id.into(),
            label: id.to_uppercase(),
            attributes: Attributes::new(),
        }
    }

    #[test]
    fn the_projection_weights_pairs_by_shared_facts_and_keeps_their_areas() {
        let links = [
            link("meetings/a", "rok", "cyber"),
            link("meetings/a", "japan", "cyber"),
            link("exercises/b", "japan", "relief"),
            link("exercises/b", "rok", "relief"),
            link("exercises/b", "asean", "relief"),
            link("agreements/c", "russia", "cyber"),
        ];
        let partners = ["asean", "japan", "rok", "russia"].map(node).to_vec();
        let graph = projected(partners, &links);
        let edge = |a: &str, b: &str| {
            graph
                .edges
                .iter()
                .find(|e| e.source == a && e.target == b)
                .map(|e| e.attributes.clone())
        };
        let japan_rok = edge("japan", "rok").expect("japan and rok share two facts");
        assert_eq!(japan_rok["weight"], Value::Integer(2));
        assert_eq!(japan_rok["areas"], Value::Text("cyber;relief".into()));
        assert_eq!(edge("asean", "japan").unwrap()["weight"], Value::Integer(1));
        // Russia shares no fact with anyone: a node, but no edge.
        assert!(
            graph
                .edges
                .iter()
                .all(|e| e.source != "russia" && e.target != "russia")
        );
        assert_eq!(graph.edges.len(), 3);
    }

    #[test]
    fn fact_types_are_singular() {
        assert_eq!(fact_type("meetings"), "meeting");
        assert_eq!(fact_type("statements"), "statement");
    }
}
