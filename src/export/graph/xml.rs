//! The graph as GraphML (networkx, Gephi, yEd, igraph) and as GEXF 1.2
//! (Gephi, networkx), written through quick-xml so that every name and value
//! is escaped, with each attribute's type declared.

use std::borrow::Cow;
use std::io::Write;

use anyhow::Context;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::{Attributes, Edge, Graph, Kind, Value};

type Xml<'a> = Writer<&'a mut dyn Write>;

/// XML 1.0 cannot carry most control characters, even escaped: they become
/// U+FFFD. Everything else is escaped by the writer.
fn xml_safe(text: &str) -> Cow<'_, str> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || !(c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}')
    };
    if text.chars().all(allowed) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if allowed(c) { c } else { '\u{FFFD}' })
            .collect(),
    )
}

fn start(xml: &mut Xml<'_>, name: &str, attributes: &[(&str, &str)]) -> std::io::Result<()> {
    let mut element = BytesStart::new(name);
    for (key, value) in attributes {
        element.push_attribute((*key, xml_safe(value).as_ref()));
    }
    xml.write_event(Event::Start(element))
}

fn empty(xml: &mut Xml<'_>, name: &str, attributes: &[(&str, &str)]) -> std::io::Result<()> {
    let mut element = BytesStart::new(name);
    for (key, value) in attributes {
        element.push_attribute((*key, xml_safe(value).as_ref()));
    }
    xml.write_event(Event::Empty(element))
}

fn end(xml: &mut Xml<'_>, name: &str) -> std::io::Result<()> {
    xml.write_event(Event::End(BytesEnd::new(name)))
}

fn text_element(
    xml: &mut Xml<'_>,
    name: &str,
    attributes: &[(&str, &str)],
    text: &str,
) -> std::io::Result<()> {
    start(xml, name, attributes)?;
    xml.write_event(Event::Text(BytesText::new(&xml_safe(text))))?;
    end(xml, name)
}

fn declaration(xml: &mut Xml<'_>) -> std::io::Result<()> {
    xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
}

fn value_text(value: &Value) -> Cow<'_, str> {
    match value {
        Value::Text(text) => Cow::Borrowed(text),
        Value::Integer(n) => Cow::Owned(n.to_string()),
    }
}

/// GraphML's name for an attribute type.
fn graphml_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "string",
        Kind::Integer => "long",
    }
}

/// GraphML: `label` and every attribute declared as a `<key>`, for nodes
/// (`n_*`) and edges (`e_*`) apart.
pub fn graphml(graph: &Graph<'_>, out: &mut dyn Write) -> anyhow::Result<(u64, u64)> {
    let mut xml = Writer::new_with_indent(out, b' ', 2);
    graphml_head(graph, &mut xml).context("writing GraphML")?;
    let node_keys = Keys::new("n_", &graph.node_keys);
    let nodes = graph.nodes(&mut |node| {
        start(&mut xml, "node", &[("id", &node.id)])?;
        text_element(&mut xml, "data", &[("key", "n_label")], &node.label)?;
        graphml_data(&mut xml, &node_keys, &node.attributes)?;
        end(&mut xml, "node")
    })?;
    let edge_keys = Keys::new("e_", &graph.edge_keys);
    let edges = graph.edges(&mut |edge| {
        start(
            &mut xml,
            "edge",
            &[("source", &edge.source), ("target", &edge.target)],
        )?;
        graphml_data(&mut xml, &edge_keys, &edge.attributes)?;
        end(&mut xml, "edge")
    })?;
    end(&mut xml, "graph")
        .and_then(|()| end(&mut xml, "graphml"))
        .context("writing GraphML")?;
    Ok((nodes, edges))
}

/// Everything before the first node: the declaration and the keys.
fn graphml_head(graph: &Graph<'_>, xml: &mut Xml<'_>) -> std::io::Result<()> {
    declaration(xml)?;
    start(
        xml,
        "graphml",
        &[
            ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
            ),
        ],
    )?;
    empty(
        xml,
        "key",
        &[
            ("id", "n_label"),
            ("for", "node"),
            ("attr.name", "label"),
            ("attr.type", "string"),
        ],
    )?;
    for (name, kind) in &graph.node_keys {
        let id = format!("n_{name}");
        empty(
            xml,
            "key",
            &[
                ("id", &id),
                ("for", "node"),
                ("attr.name", name),
                ("attr.type", graphml_type(*kind)),
            ],
        )?;
    }
    for (name, kind) in &graph.edge_keys {
        let id = format!("e_{name}");
        empty(
            xml,
            "key",
            &[
                ("id", &id),
                ("for", "edge"),
                ("attr.name", name),
                ("attr.type", graphml_type(*kind)),
            ],
        )?;
    }
    start(
        xml,
        "graph",
        &[("id", "apsc"), ("edgedefault", "undirected")],
    )?;
    text_element(xml, "desc", &[], &graph.description)
}

/// The GraphML keys of the declared attributes (`n_kind`), made once
/// rather than for each of a few hundred thousand edges.
struct Keys {
    prefix: &'static str,
    keys: Vec<(&'static str, String)>,
}

impl Keys {
    fn new(prefix: &'static str, declared: &[(&'static str, Kind)]) -> Keys {
        let keys = declared
            .iter()
            .map(|(name, _)| (*name, format!("{prefix}{name}")))
            .collect();
        Keys { prefix, keys }
    }

    fn key(&self, name: &str) -> Cow<'_, str> {
        match self.keys.iter().find(|(n, _)| *n == name) {
            Some((_, key)) => Cow::Borrowed(key),
            None => Cow::Owned(format!("{}{name}", self.prefix)),
        }
    }
}

fn graphml_data(xml: &mut Xml<'_>, keys: &Keys, attributes: &Attributes) -> std::io::Result<()> {
    for (name, value) in attributes {
        text_element(xml, "data", &[("key", &keys.key(name))], &value_text(value))?;
    }
    Ok(())
}

/// GEXF's name for an attribute type.
fn gexf_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "string",
        Kind::Integer => "long",
    }
}

/// GEXF 1.2: attributes declared per class, values as `<attvalue>`; an
/// edge's `weight` attribute becomes the edge's own weight.
pub fn gexf(graph: &Graph<'_>, out: &mut dyn Write) -> anyhow::Result<(u64, u64)> {
    let mut xml = Writer::new_with_indent(out, b' ', 2);
    gexf_head(graph, &mut xml).context("writing GEXF")?;
    let nodes = graph.nodes(&mut |node| {
        start(
            &mut xml,
            "node",
            &[("id", &node.id), ("label", &node.label)],
        )?;
        gexf_values(&mut xml, &node.attributes)?;
        end(&mut xml, "node")
    })?;
    end(&mut xml, "nodes")
        .and_then(|()| start(&mut xml, "edges", &[]))
        .context("writing GEXF")?;
    let mut i = 0u64;
    let edges = graph.edges(&mut |edge| {
        let id = i.to_string();
        i += 1;
        gexf_edge(&mut xml, &id, edge)
    })?;
    for name in ["edges", "graph", "gexf"] {
        end(&mut xml, name).context("writing GEXF")?;
    }
    Ok((nodes, edges))
}

/// One edge; its `weight` attribute becomes the edge's own weight.
fn gexf_edge(xml: &mut Xml<'_>, id: &str, edge: &Edge) -> std::io::Result<()> {
    let weight = edge.attributes.get("weight").map(value_text);
    let mut attributes = vec![
        ("id", id),
        ("source", &edge.source),
        ("target", &edge.target),
    ];
    if let Some(weight) = &weight {
        attributes.push(("weight", weight));
    }
    start(xml, "edge", &attributes)?;
    gexf_values(
        xml,
        edge.attributes
            .iter()
            .filter(|(name, _)| **name != "weight"),
    )?;
    end(xml, "edge")
}

/// Everything before the first node: the declaration, meta and attributes.
fn gexf_head(graph: &Graph<'_>, xml: &mut Xml<'_>) -> std::io::Result<()> {
    declaration(xml)?;
    start(
        xml,
        "gexf",
        &[
            ("xmlns", "http://www.gexf.net/1.2draft"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd",
            ),
            ("version", "1.2"),
        ],
    )?;
    start(xml, "meta", &[])?;
    text_element(
        xml,
        "creator",
        &[],
        concat!("apsc ", env!("CARGO_PKG_VERSION")),
    )?;
    text_element(xml, "description", &[], &graph.description)?;
    end(xml, "meta")?;
    start(
        xml,
        "graph",
        &[("mode", "static"), ("defaultedgetype", "undirected")],
    )?;
    gexf_attributes(xml, "node", &graph.node_keys)?;
    let edge_keys: Vec<_> = graph
        .edge_keys
        .iter()
        .filter(|(n, _)| *n != "weight")
        .copied()
        .collect();
    gexf_attributes(xml, "edge", &edge_keys)?;
    start(xml, "nodes", &[])
}

fn gexf_attributes(xml: &mut Xml<'_>, class: &str, keys: &[(&str, Kind)]) -> std::io::Result<()> {
    if keys.is_empty() {
        return Ok(());
    }
    start(xml, "attributes", &[("class", class)])?;
    for (name, kind) in keys {
        empty(
            xml,
            "attribute",
            &[("id", name), ("title", name), ("type", gexf_type(*kind))],
        )?;
    }
    end(xml, "attributes")
}

fn gexf_values<'v>(
    xml: &mut Xml<'_>,
    attributes: impl IntoIterator<Item = (&'v &'static str, &'v Value)>,
) -> std::io::Result<()> {
    let mut attributes = attributes.into_iter().peekable();
    if attributes.peek().is_none() {
        return Ok(());
    }
    start(xml, "attvalues", &[])?;
    for (name, value) in attributes {
        empty(
            xml,
            "attvalue",
            &[("for", name), ("value", &value_text(value))],
        )?;
    }
    end(xml, "attvalues")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_cannot_reach_the_xml() {
        assert_eq!(xml_safe("a\u{1b}[31mb"), "a\u{FFFD}[31mb");
        assert_eq!(xml_safe("tab\tand\nline"), "tab\tand\nline");
    }
}
