//! The graph as GraphML (networkx, Gephi, yEd, igraph) and as GEXF 1.2
//! (Gephi, networkx), written through quick-xml so that every name and value
//! is escaped, with each attribute's type declared.

use std::io::{Result, Write};

use anyhow::Context;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::model::{Attributes, Graph, Item, Key};

type Xml<'a> = Writer<&'a mut dyn Write>;

/// An attribute's value as text.
fn text(value: &serde_json::Value) -> std::borrow::Cow<'_, str> {
    match value {
        serde_json::Value::String(text) => text.into(),
        other => other.to_string().into(),
    }
}

/// Text as XML can carry it: XML 1.0 cannot carry most control characters,
/// even escaped, so they become U+FFFD. The writer escapes the rest.
fn xml_safe(text: &str) -> String {
    let allowed = |c| matches!(c, '\t' | '\n' | '\r' | ' '..='\u{FFFD}' | '\u{10000}'..);
    text.chars()
        .map(|c| if allowed(c) { c } else { '\u{FFFD}' })
        .collect()
}

fn tag<'n>(name: &'n str, attributes: &[(&str, &str)]) -> BytesStart<'n> {
    let mut tag = BytesStart::new(name);
    for (key, value) in attributes {
        tag.push_attribute((*key, xml_safe(value).as_str()));
    }
    tag
}

fn start(xml: &mut Xml<'_>, name: &str, attributes: &[(&str, &str)]) -> Result<()> {
    xml.write_event(Event::Start(tag(name, attributes)))
}

fn end(xml: &mut Xml<'_>, name: &str) -> Result<()> {
    xml.write_event(Event::End(BytesEnd::new(name)))
}

/// `<name …>text</name>`.
fn text_element(xml: &mut Xml<'_>, name: &str, attrs: &[(&str, &str)], text: &str) -> Result<()> {
    start(xml, name, attrs)?;
    xml.write_event(Event::Text(BytesText::new(&xml_safe(text))))?;
    end(xml, name)
}

/// The root elements, their namespaces and schemas as written (a tag's
/// content: its name, then its attributes).
const GRAPHML: &str = r#"graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd""#;
const GEXF: &str = r#"gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2""#;

/// The declaration and the root element.
fn root(xml: &mut Xml<'_>, root: &'static str) -> Result<()> {
    xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let name = root.split(' ').next().unwrap_or(root);
    xml.write_event(Event::Start(BytesStart::from_content(root, name.len())))
}

/// GraphML: `label` and every attribute declared as a `<key>`, for nodes
/// (`n_*`) and edges (`e_*`) apart.
pub fn graphml(graph: &Graph<'_>, out: &mut dyn Write) -> anyhow::Result<(u64, u64)> {
    let mut xml = Writer::new_with_indent(out, b' ', 2);
    graphml_head(graph, &mut xml).context("writing GraphML")?;
    let nodes = graph.nodes(&mut |node| {
        start(&mut xml, "node", &[("id", &node.ends[0])])?;
        text_element(&mut xml, "data", &[("key", "n_label")], &node.ends[1])?;
        graphml_data(&mut xml, "n_", &node.attributes)?;
        end(&mut xml, "node")
    })?;
    let mut each_edge = |edge: &Item| {
        let [source, target] = &edge.ends;
        start(&mut xml, "edge", &[("source", source), ("target", target)])?;
        graphml_data(&mut xml, "e_", &edge.attributes)?;
        end(&mut xml, "edge")
    };
    let edges = graph.edges(&mut each_edge, true)?;
    end(&mut xml, "graph")
        .and_then(|()| end(&mut xml, "graphml"))
        .context("writing GraphML")?;
    Ok((nodes, edges))
}

/// Everything before the first node: the declaration and the keys.
fn graphml_head(graph: &Graph<'_>, xml: &mut Xml<'_>) -> Result<()> {
    root(xml, GRAPHML)?;
    let label = [("label".to_string(), "string")];
    let nodes = label.iter().chain(&graph.node_keys).map(|k| ("node", k));
    let edges = graph.edge_keys.iter().map(|k| ("edge", k));
    for (class, (name, kind)) in nodes.chain(edges) {
        let id = format!("{}_{name}", &class[..1]);
        let key = [
            ("id", id.as_str()),
            ("for", class),
            ("attr.name", name),
            ("attr.type", kind),
        ];
        xml.write_event(Event::Empty(tag("key", &key)))?;
    }
    start(
        xml,
        "graph",
        &[("id", "apsc"), ("edgedefault", "undirected")],
    )?;
    text_element(xml, "desc", &[], &graph.description)
}

fn graphml_data(xml: &mut Xml<'_>, prefix: &str, attributes: &Attributes) -> Result<()> {
    for (name, value) in attributes {
        let key = format!("{prefix}{name}");
        text_element(xml, "data", &[("key", &key)], &text(value))?;
    }
    Ok(())
}

/// GEXF 1.2: attributes declared per class, values as `<attvalue>`; an
/// edge's `weight` attribute becomes the edge's own weight.
pub fn gexf(graph: &Graph<'_>, out: &mut dyn Write) -> anyhow::Result<(u64, u64)> {
    let mut xml = Writer::new_with_indent(out, b' ', 2);
    gexf_head(graph, &mut xml).context("writing GEXF")?;
    let nodes = graph.nodes(&mut |node| {
        let [id, label] = &node.ends;
        start(&mut xml, "node", &[("id", id), ("label", label)])?;
        gexf_values(&mut xml, &node.attributes)?;
        end(&mut xml, "node")
    })?;
    end(&mut xml, "nodes")
        .and_then(|()| start(&mut xml, "edges", &[]))
        .context("writing GEXF")?;
    let mut id = 0u64;
    let mut each_edge = |edge: &Item| {
        let weight = edge.attributes.get("weight").map(text);
        let ([source, target], n) = (&edge.ends, id.to_string());
        let mut tag = vec![("id", n.as_str()), ("source", source), ("target", target)];
        tag.extend(weight.as_deref().map(|w| ("weight", w)));
        id += 1;
        start(&mut xml, "edge", &tag)?;
        gexf_values(&mut xml, &edge.attributes)?;
        end(&mut xml, "edge")
    };
    let edges = graph.edges(&mut each_edge, true)?;
    for name in ["edges", "graph", "gexf"] {
        end(&mut xml, name).context("writing GEXF")?;
    }
    Ok((nodes, edges))
}

/// Everything before the first node: the declaration, meta and attributes.
fn gexf_head(graph: &Graph<'_>, xml: &mut Xml<'_>) -> Result<()> {
    root(xml, GEXF)?;
    start(xml, "meta", &[])?;
    let creator = concat!("apsc ", env!("CARGO_PKG_VERSION"));
    text_element(xml, "creator", &[], creator)?;
    text_element(xml, "description", &[], &graph.description)?;
    end(xml, "meta")?;
    start(
        xml,
        "graph",
        &[("mode", "static"), ("defaultedgetype", "undirected")],
    )?;
    gexf_attributes(xml, "node", &graph.node_keys)?;
    gexf_attributes(xml, "edge", &graph.edge_keys)?;
    start(xml, "nodes", &[])
}

/// The attributes of a class, `weight` aside (an edge's own).
fn gexf_attributes(xml: &mut Xml<'_>, class: &str, keys: &[Key]) -> Result<()> {
    let keys: Vec<_> = keys.iter().filter(|(n, _)| *n != "weight").collect();
    if keys.is_empty() {
        return Ok(());
    }
    start(xml, "attributes", &[("class", class)])?;
    for (name, kind) in keys {
        let attribute = [("id", name.as_str()), ("title", name), ("type", kind)];
        xml.write_event(Event::Empty(tag("attribute", &attribute)))?;
    }
    end(xml, "attributes")
}

/// An item's values, `weight` aside (an edge's own).
fn gexf_values(xml: &mut Xml<'_>, attributes: &Attributes) -> Result<()> {
    let values: Vec<_> = attributes.iter().filter(|(n, _)| *n != "weight").collect();
    if values.is_empty() {
        return Ok(());
    }
    start(xml, "attvalues", &[])?;
    for (name, value) in values {
        let value = [("for", name.as_str()), ("value", &text(value))];
        xml.write_event(Event::Empty(tag("attvalue", &value)))?;
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
        assert_eq!(
            xml_safe("\u{FFFE}\u{FFFF}\u{10000}"),
            "\u{FFFD}\u{FFFD}\u{10000}"
        );
    }
}
