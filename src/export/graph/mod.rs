//! The partner network: partners and facts as a graph, in the formats network
//! tools read (GraphML, GEXF, DOT, node-link JSON). Two forms: bipartite
//! (partners and facts as nodes, an edge where a partner takes part in a
//! fact) and projected (partners only, an edge where two share facts,
//! weighted by how many). China, the subject of every fact, is not a node:
//! its role is an attribute of every fact and edge.
//!
//! Nodes and edges stream from the database to the file one at a time, so
//! a graph of millions of facts never sits in memory whole; the projection
//! holds only its counts per pair of partners, made in one pass over every
//! fact's partners.

mod text;
mod xml;

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use anyhow::Context;
use clap::ValueEnum;
use rusqlite::Connection;

use crate::error;
use crate::progress::Progress;
use crate::seed::FastMap;
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

/// An edge; its ends are borrowed where the graph already holds them (a
/// projected graph's hundreds of thousands of edges between a thousand
/// partners).
#[derive(Debug, Clone)]
pub struct Edge<'a> {
    pub source: Cow<'a, str>,
    pub target: Cow<'a, str>,
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
    /// The projection's pairs, counted once however often the edges are read.
    pairs: OnceCell<Projection>,
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
fn link_edge(row: &rusqlite::Row<'_>) -> rusqlite::Result<Edge<'static>> {
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

/// Each table's links of non-subject partners to its facts, grouped by
/// fact in the order of the fact's id: `fact id, partner_id`.
fn fact_partners_sql(spec: &FactFile) -> String {
    format!(
        "SELECT {column}, partner_id FROM {links}
          WHERE partner_id NOT IN (SELECT id FROM partners WHERE is_subject = 1)
          ORDER BY {column}, partner_id",
        links = spec.link_table,
        column = spec.link_column,
    )
}

/// Each table's facts and their areas, in the order of their ids.
fn fact_areas_sql(spec: &FactFile) -> String {
    format!("SELECT id, area_id FROM {} ORDER BY id", spec.table)
}

/// Numbers for names, by first sight.
#[derive(Default)]
struct Names {
    index: FastMap<String, u32>,
    names: Vec<String>,
    /// The number given last: the links of one fact, and facts in a row,
    /// mostly share their area.
    last: Option<u32>,
}

impl Names {
    fn number(&mut self, name: &str) -> u32 {
        if let Some(last) = self.last.filter(|&i| self.names[i as usize] == name) {
            return last;
        }
        let i = match self.index.get(name) {
            Some(&i) => i,
            None => {
                let i = self.names.len() as u32;
                self.index.insert(name.to_string(), i);
                self.names.push(name.to_string());
                i
            }
        };
        self.last = Some(i);
        i
    }

    /// The names in their order, and for each number by first sight the
    /// name's place in that order.
    fn ranked(&self) -> (Vec<String>, Vec<u32>) {
        let mut names: Vec<(&String, u32)> = self.names.iter().zip(0..).collect();
        names.sort_unstable();
        let mut rank = vec![0; names.len()];
        for (place, (_, first)) in names.iter().enumerate() {
            rank[*first as usize] = place as u32;
        }
        (
            names.into_iter().map(|(name, _)| name.clone()).collect(),
            rank,
        )
    }
}

/// Two partners (by place in the order of their ids, the first before the
/// second) that share `facts` facts of one area.
#[derive(Debug, Clone, Copy)]
struct Pair {
    first: u32,
    second: u32,
    area: u32,
    facts: u32,
}

impl Pair {
    fn key(&self) -> (u32, u32, u32) {
        (self.first, self.second, self.area)
    }
}

/// Sort `pairs` by partners and area and count each pair once, adding up
/// its facts. The part already merged is one sorted run, which the stable
/// sort finds and merges the new pairs into rather than sorting it again.
fn merge_pairs(pairs: &mut Vec<Pair>) {
    pairs.sort_by_key(Pair::key);
    pairs.dedup_by(|next, kept| {
        let same = next.key() == kept.key();
        if same {
            kept.facts = kept.facts.saturating_add(next.facts);
        }
        same
    });
}

/// The fewest new pairs counted before a merge: merging is a sort of the
/// whole list, so it waits until the new pairs are as many as the merged
/// ones, and at least this many.
const MERGE_AFTER: usize = 1 << 16;

/// The pairs of partners that share facts, counted in one pass over every
/// fact's partners: each pair within a fact counts once for the fact's area
/// (each fact has one area, so the counts per area add up to the facts
/// shared). Pairs are listed as they come and merged from time to time
/// (see [`merge_pairs`]): a list sorted now and then costs less than a map
/// looked up for every pair once the pairs outgrow the processor's caches,
/// and holds each pair about once, however many facts it shares.
struct PairCounter {
    /// Every partner's place in the order of the partners' ids.
    partner_index: FastMap<Vec<u8>, u32>,
    partners: Vec<String>,
    areas: Names,
    pairs: Vec<Pair>,
    /// How many of `pairs`, from the start, are merged.
    merged: usize,
    /// The fewest new pairs counted before a merge ([`MERGE_AFTER`]; less
    /// in tests, to merge often).
    merge_after: usize,
    /// The fact whose links are being gathered (empty before the first),
    /// and its `(partner, area)`s.
    fact: Vec<u8>,
    group: Vec<(u32, u32)>,
}

impl PairCounter {
    /// A counter over these partners (in any order).
    fn new(mut partners: Vec<String>) -> PairCounter {
        partners.sort_unstable();
        partners.dedup();
        let partner_index = partners
            .iter()
            .map(|p| p.clone().into_bytes())
            .zip(0..)
            .collect();
        PairCounter {
            partner_index,
            partners,
            areas: Names::default(),
            pairs: Vec::new(),
            merged: 0,
            merge_after: MERGE_AFTER,
            fact: Vec::new(),
            group: Vec::new(),
        }
    }

    /// One partner's link to a fact in `area` (numbered by `areas`); the
    /// links of one fact come next to each other.
    fn link(&mut self, fact: &[u8], partner: &[u8], area: u32) -> anyhow::Result<()> {
        if self.fact != fact {
            self.end_fact();
            self.fact.extend_from_slice(fact);
        }
        let Some(&partner) = self.partner_index.get(partner) else {
            anyhow::bail!(
                "{} names the partner {}, which is not among the partners",
                String::from_utf8_lossy(fact),
                String::from_utf8_lossy(partner)
            );
        };
        self.group.push((partner, area));
        Ok(())
    }

    /// Count every pair of the gathered fact's partners.
    fn end_fact(&mut self) {
        for (i, &(a, area)) in self.group.iter().enumerate() {
            for &(b, _) in &self.group[i + 1..] {
                if a != b {
                    self.pairs.push(Pair {
                        first: a.min(b),
                        second: a.max(b),
                        area,
                        facts: 1,
                    });
                }
            }
        }
        self.group.clear();
        self.fact.clear();
        if self.pairs.len() - self.merged > self.merged.max(self.merge_after) {
            merge_pairs(&mut self.pairs);
            self.merged = self.pairs.len();
        }
    }

    /// Every pair counted, in the order of the partners' ids, a pair's
    /// areas in the order of their names.
    fn finish(mut self) -> Projection {
        self.end_fact();
        merge_pairs(&mut self.pairs);
        let (areas, area_rank) = self.areas.ranked();
        for pair in &mut self.pairs {
            pair.area = area_rank[pair.area as usize];
        }
        self.pairs.sort_by_key(Pair::key);
        Projection {
            partners: self.partners,
            areas,
            pairs: self.pairs,
        }
    }
}

/// The projection counted: the partners in the order of their ids, the
/// areas in the order of their names, and every pair of partners with the
/// facts they share in each area (areas by their place in `areas`), in the
/// order of the partners and areas.
struct Projection {
    partners: Vec<String>,
    areas: Vec<String>,
    pairs: Vec<Pair>,
}

impl Projection {
    /// Hand every pair to `each` as an edge, in the order of the partners'
    /// ids; returns how many. One edge is handed over each time, its values
    /// written over: there are hundreds of thousands.
    fn edges<'s>(
        &'s self,
        mut each: impl FnMut(&Edge<'s>) -> std::io::Result<()>,
    ) -> anyhow::Result<u64> {
        let mut n = 0;
        let mut edge = Edge {
            source: Cow::Borrowed(""),
            target: Cow::Borrowed(""),
            attributes: Attributes::from([
                ("weight", Value::Integer(0)),
                ("areas", Value::Text(String::new())),
            ]),
        };
        for same in self
            .pairs
            .chunk_by(|x, y| (x.first, x.second) == (y.first, y.second))
        {
            let shared: u64 = same.iter().map(|pair| u64::from(pair.facts)).sum();
            edge.source = Cow::Borrowed(&self.partners[same[0].first as usize]);
            edge.target = Cow::Borrowed(&self.partners[same[0].second as usize]);
            if let Some(Value::Integer(weight)) = edge.attributes.get_mut("weight") {
                *weight = shared as i64;
            }
            if let Some(Value::Text(names)) = edge.attributes.get_mut("areas") {
                names.clear();
                for (i, pair) in same.iter().enumerate() {
                    if i > 0 {
                        names.push(';');
                    }
                    names.push_str(&self.areas[pair.area as usize]);
                }
            }
            each(&edge)?;
            n += 1;
        }
        Ok(n)
    }
}

/// The pairs of partners that share facts in the database. Facts of
/// different tables are different facts, even under one id. Each table's
/// links and its facts are read side by side, both in the order of the
/// fact's id, and merged: looking up each link's fact would cost a search
/// of the fact table per link.
fn read_pairs(conn: &Connection) -> anyhow::Result<Projection> {
    let mut stmt = conn.prepare("SELECT id FROM partners")?;
    let partners = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut counter = PairCounter::new(partners);
    for spec in FACT_FILES.iter() {
        let mut facts_stmt = conn.prepare(&fact_areas_sql(spec))?;
        let mut facts = Merge::new(facts_stmt.query([])?);
        let mut links_stmt = conn.prepare(&fact_partners_sql(spec))?;
        let mut links = links_stmt.query([])?;
        while let Some(row) = links.next()? {
            // As bytes: SQLite's order of text is the order of its bytes,
            // and a text that is not UTF-8 is caught where it is a name.
            let fact = row.get_ref(0)?.as_bytes()?;
            let partner = row.get_ref(1)?.as_bytes()?;
            // A link to a fact that is not there has no area, and no place
            // in the graph (as an inner join leaves it out).
            if let Some(area) = facts.area_of(fact, &mut counter.areas)? {
                counter.link(fact, partner, area)?;
            }
        }
        counter.end_fact();
    }
    Ok(counter.finish())
}

/// The facts of one table, read in the order of their ids while the links
/// are read in the same order: each link's fact is found by reading on.
struct Merge<'s> {
    rows: rusqlite::Rows<'s>,
    /// The fact last read, and its area's number.
    id: Vec<u8>,
    area: u32,
    /// A fact has been read.
    started: bool,
    /// No fact is left to read.
    done: bool,
}

impl<'s> Merge<'s> {
    fn new(rows: rusqlite::Rows<'s>) -> Merge<'s> {
        Merge {
            rows,
            id: Vec::new(),
            area: 0,
            started: false,
            done: false,
        }
    }

    /// The area of fact `id`, numbered by `areas`, reading on to it; `id`s
    /// must come in order (SQLite's order of text, byte by byte).
    fn area_of(&mut self, id: &[u8], areas: &mut Names) -> rusqlite::Result<Option<u32>> {
        while !self.done && (!self.started || self.id.as_slice() < id) {
            match self.rows.next()? {
                Some(row) => {
                    self.started = true;
                    self.id.clear();
                    self.id.extend_from_slice(row.get_ref(0)?.as_bytes()?);
                    self.area = areas.number(row.get_ref(1)?.as_str()?);
                }
                None => self.done = true,
            }
        }
        Ok((self.started && self.id == id).then_some(self.area))
    }
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
        pairs: OnceCell::new(),
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
    pub fn edges(
        &self,
        each: &mut dyn FnMut(&Edge<'_>) -> std::io::Result<()>,
    ) -> anyhow::Result<u64> {
        self.each_edge(each, &self.progress)
    }

    /// Hand every edge to `each` once more, uncounted: a format that lists
    /// the edges twice (node-link JSON) counts them once.
    pub fn edges_again(
        &self,
        each: &mut dyn FnMut(&Edge<'_>) -> std::io::Result<()>,
    ) -> anyhow::Result<u64> {
        self.each_edge(each, &Progress::hidden())
    }

    fn each_edge(
        &self,
        each: &mut dyn FnMut(&Edge<'_>) -> std::io::Result<()>,
        progress: &Progress,
    ) -> anyhow::Result<u64> {
        let conn = self.conn;
        let context = "reading who takes part in which fact";
        if self.form == Form::Projected {
            let pairs = match self.pairs.get() {
                Some(pairs) => pairs,
                None => {
                    let pairs = read_pairs(conn).context(context)?;
                    self.pairs.get_or_init(|| pairs)
                }
            };
            return pairs.edges(|edge| {
                each(edge)?;
                progress.inc(1);
                Ok(())
            });
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

    /// The edges counting makes of `links` (fact, partner, area), as
    /// `(source, target, weight, areas)`, merging the pairs counted after
    /// every `merge_after` new ones.
    fn projected_merging(
        links: &[(&str, &str, &str)],
        merge_after: usize,
    ) -> Vec<(String, String, i64, String)> {
        let partners = links.iter().map(|(_, p, _)| p.to_string()).collect();
        let mut counter = PairCounter::new(partners);
        counter.merge_after = merge_after;
        for (fact, partner, area) in links {
            let area = counter.areas.number(area);
            counter
                .link(fact.as_bytes(), partner.as_bytes(), area)
                .unwrap();
        }
        let projection = counter.finish();
        let mut edges = Vec::new();
        projection
            .edges(|edge| {
                edges.push(edge.clone());
                Ok(())
            })
            .unwrap();
        edges
            .into_iter()
            .map(|edge| {
                let weight = match &edge.attributes["weight"] {
                    Value::Integer(n) => *n,
                    other => panic!("weight {other:?}"),
                };
                let areas = match &edge.attributes["areas"] {
                    Value::Text(t) => t.clone(),
                    other => panic!("areas {other:?}"),
                };
                (
                    edge.source.into_owned(),
                    edge.target.into_owned(),
                    weight,
                    areas,
                )
            })
            .collect()
    }

    fn projected(links: &[(&str, &str, &str)]) -> Vec<(String, String, i64, String)> {
        projected_merging(links, MERGE_AFTER)
    }

    #[test]
    fn the_projection_weights_pairs_by_shared_facts_and_keeps_their_areas() {
        let edges = projected(&[
            ("meetings/a", "rok", "cyber"),
            ("meetings/a", "japan", "cyber"),
            ("exercises/b", "japan", "relief"),
            ("exercises/b", "rok", "relief"),
            ("exercises/b", "asean", "relief"),
            ("agreements/c", "russia", "cyber"),
        ]);
        let edge = |a: &str, b: &str| {
            edges
                .iter()
                .find(|e| e.0 == a && e.1 == b)
                .map(|e| (e.2, e.3.clone()))
        };
        let japan_rok = edge("japan", "rok").expect("japan and rok share two facts");
        assert_eq!(japan_rok, (2, "cyber;relief".to_string()));
        assert_eq!(edge("asean", "japan").unwrap().0, 1);
        // Russia shares no fact with anyone: no edge.
        assert!(edges.iter().all(|e| e.0 != "russia" && e.1 != "russia"));
        assert_eq!(edges.len(), 3);
        // Sources before targets, pairs in the order of the partners' ids.
        let order: Vec<(&str, &str)> = edges.iter().map(|e| (&*e.0, &*e.1)).collect();
        assert_eq!(
            order,
            [("asean", "japan"), ("asean", "rok"), ("japan", "rok")]
        );
    }

    /// The projection as one SQL query joins the links with themselves:
    /// slow, but plainly right, so the counting is checked against it.
    const PAIRS_BY_JOIN: &str =
        "SELECT source, target, sum(shared), group_concat(area_id, ';' ORDER BY area_id)
           FROM (SELECT a.partner_id AS source, b.partner_id AS target, a.area_id, count(*) AS shared
                   FROM links a JOIN links b ON b.fact = a.fact AND b.partner_id > a.partner_id
                  GROUP BY 1, 2, 3)
          GROUP BY 1, 2
          ORDER BY 1, 2";

    proptest::proptest! {
        #[test]
        fn counting_pairs_agrees_with_the_self_join(
            facts in proptest::collection::vec(
                (0..4usize, proptest::collection::btree_set(0..9usize, 0..6)), 0..40)
        ) {
            let partners = ["asean", "au", "Japan", "japan", "rok", "ru", "z", "é", "10"];
            let areas = ["cyber", "relief", "Maritime", "terror"];
            let conn = Connection::open_in_memory().unwrap();
            conn.execute_batch("CREATE TABLE links (fact TEXT, partner_id TEXT, area_id TEXT)")
                .unwrap();
            let mut links = Vec::new();
            for (i, (area, members)) in facts.iter().enumerate() {
                let fact = format!("meetings/{i}");
                for p in members {
                    links.push((fact.clone(), partners[*p], areas[*area]));
                }
            }
            for (fact, partner, area) in &links {
                conn.execute("INSERT INTO links VALUES (?1, ?2, ?3)", rusqlite::params![fact, partner, area])
                    .unwrap();
            }
            let mut stmt = conn.prepare(PAIRS_BY_JOIN).unwrap();
            let expected: Vec<(String, String, i64, String)> = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            let links: Vec<(&str, &str, &str)> =
                links.iter().map(|(f, p, a)| (f.as_str(), *p, *a)).collect();
            proptest::prop_assert_eq!(&projected(&links), &expected);
            // Merged after every pair or two: the counts are the same.
            proptest::prop_assert_eq!(&projected_merging(&links, 1), &expected);
            proptest::prop_assert_eq!(&projected_merging(&links, 2), &expected);
        }
    }

    #[test]
    fn fact_types_are_singular() {
        assert_eq!(fact_type("meetings"), "meeting");
        assert_eq!(fact_type("statements"), "statement");
    }
}
