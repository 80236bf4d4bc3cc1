//! The graph the writers read: its form, its declared attributes, and its
//! nodes and edges, read from the database as they are written.

use anyhow::Context;
use clap::ValueEnum;
use rusqlite::Connection;
use rusqlite::types::ValueRef;

use crate::progress::Progress;

/// Which graph to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Form {
    /// Partners and facts as nodes; an edge per partner taking part in a fact.
    Bipartite,
    /// Partners only; an edge between two partners that share facts, weighted
    /// by the number of facts they share.
    Projected,
}

/// An attribute's name and its type, as GraphML and GEXF both name it
/// (`string`, `long`).
pub type Key = (String, &'static str);

/// Attributes by name, in the order of their names (as a
/// `serde_json::Map` keeps them): text or integers; a missing one has no
/// value.
pub type Attributes = serde_json::Map<String, serde_json::Value>;

/// A node or an edge: its two ends (a node's id and label, an edge's
/// source and target) and its attributes.
#[derive(Debug, Clone)]
pub struct Item {
    pub ends: [String; 2],
    pub attributes: Attributes,
}

/// A graph with its declared attributes, whose nodes and edges are read
/// from the database as they are written.
pub struct Graph<'c> {
    pub form: Form,
    pub description: String,
    pub node_keys: Vec<Key>,
    pub edge_keys: Vec<Key>,
    /// The queries of the nodes, in turn, and of the edges.
    pub(super) nodes: Vec<&'static str>,
    pub(super) edges: String,
    pub(super) conn: &'c Connection,
    pub(super) progress: Progress,
}

/// What a writer does with each node or edge.
pub type Each<'a> = &'a mut dyn FnMut(&Item) -> std::io::Result<()>;

impl Graph<'_> {
    /// Run `sql` and hand each row to `each` as an item (see [`Item`]),
    /// counting it on the progress line if `counted`; returns how many rows
    /// there were.
    fn stream(&self, sql: &str, each: Each<'_>, counted: bool) -> anyhow::Result<u64> {
        let mut stmt = self.conn.prepare(sql)?;
        let names: Vec<String> = stmt.column_names().map(String::from).collect();
        let mut rows = stmt.query([])?;
        let mut n = 0;
        while let Some(row) = rows.next()? {
            let mut attributes = Attributes::new();
            for (i, name) in names.iter().enumerate().skip(2) {
                let value = match row.get_ref(i)? {
                    ValueRef::Null => continue,
                    ValueRef::Integer(n) => n.into(),
                    other => other.as_str()?.into(),
                };
                attributes.insert(name.clone(), value);
            }
            let ends = [row.get(0)?, row.get(1)?];
            each(&Item { ends, attributes })?;
            n += 1;
            self.progress.inc(u64::from(counted));
        }
        Ok(n)
    }

    /// Hand every node to `each`, partners first; returns how many.
    pub fn nodes(&self, each: Each<'_>) -> anyhow::Result<u64> {
        let mut nodes = 0;
        for sql in &self.nodes {
            nodes += self.stream(sql, each, true).context("reading the nodes")?;
        }
        Ok(nodes)
    }

    /// Hand every edge to `each`; returns how many. A format that lists the
    /// edges twice (node-link JSON) counts them on its first pass only.
    pub fn edges(&self, each: Each<'_>, counted: bool) -> anyhow::Result<u64> {
        (self.stream(&self.edges, each, counted)).context("reading the edges")
    }
}
