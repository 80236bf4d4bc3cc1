//! The graph as GraphML (networkx, Gephi, yEd, igraph) and as GEXF 1.2
//! (Gephi, networkx), written through quick-xml so that every name and value
//! is escaped, with each attribute's type declared.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{BufWriter, Write};

use anyhow::Context;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::{Attributes, Edge, Graph, Kind, Value};

/// The writer, and the tag being put together: a graph has hundreds of
/// thousands of elements, each built in the one buffer rather than in a new
/// string of its own. Writes are buffered here, so that quick-xml's many
/// small writes per element are copies, not calls through `dyn Write`.
struct Xml<'a> {
    writer: Writer<BufWriter<&'a mut dyn Write>>,
    tag: String,
}

impl<'a> Xml<'a> {
    fn new(out: &'a mut dyn Write) -> Xml<'a> {
        Xml {
            writer: Writer::new_with_indent(BufWriter::with_capacity(1 << 16, out), b' ', 2),
            tag: String::new(),
        }
    }

    /// Write what is buffered through to the output.
    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.get_mut().flush()
    }

    fn write(&mut self, event: Event<'_>) -> std::io::Result<()> {
        self.writer.write_event(event)
    }
}

/// XML 1.0 cannot carry most control characters, even escaped: they become
/// U+FFFD.
fn xml_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || !(c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}')
}

/// Text as XML can carry it: see [`xml_allowed`]. Everything else is escaped
/// by the writer.
fn xml_safe(text: &str) -> Cow<'_, str> {
    if text.chars().all(xml_allowed) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if xml_allowed(c) { c } else { '\u{FFFD}' })
            .collect(),
    )
}

/// An attribute's value, made safe ([`xml_safe`]) and escaped as quick-xml
/// escapes attribute values: markup, quotes, and the white space an XML
/// parser would otherwise normalise.
fn push_attribute_value(tag: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '<' => tag.push_str("&lt;"),
            '>' => tag.push_str("&gt;"),
            '\'' => tag.push_str("&apos;"),
            '&' => tag.push_str("&amp;"),
            '"' => tag.push_str("&quot;"),
            '\t' => tag.push_str("&#9;"),
            '\n' => tag.push_str("&#10;"),
            '\r' => tag.push_str("&#13;"),
            c if xml_allowed(c) => tag.push(c),
            _ => tag.push('\u{FFFD}'),
        }
    }
}

/// `name key="value" …`, put together in the writer's tag buffer.
fn tag<'t>(tag: &'t mut String, name: &str, attributes: &[(&str, &str)]) -> BytesStart<'t> {
    tag.clear();
    tag.push_str(name);
    for (key, value) in attributes {
        tag.push(' ');
        tag.push_str(key);
        tag.push_str("=\"");
        push_attribute_value(tag, value);
        tag.push('"');
    }
    BytesStart::from_content(tag.as_str(), name.len())
}

fn start(xml: &mut Xml<'_>, name: &str, attributes: &[(&str, &str)]) -> std::io::Result<()> {
    let element = tag(&mut xml.tag, name, attributes);
    xml.writer.write_event(Event::Start(element))
}

fn empty(xml: &mut Xml<'_>, name: &str, attributes: &[(&str, &str)]) -> std::io::Result<()> {
    let element = tag(&mut xml.tag, name, attributes);
    xml.writer.write_event(Event::Empty(element))
}

fn end(xml: &mut Xml<'_>, name: &str) -> std::io::Result<()> {
    xml.write(Event::End(BytesEnd::new(name)))
}

/// `<name …>text</name>`.
fn text_element(
    xml: &mut Xml<'_>,
    name: &str,
    attributes: &[(&str, &str)],
    text: &str,
) -> std::io::Result<()> {
    start(xml, name, attributes)?;
    xml.write(Event::Text(BytesText::new(&xml_safe(text))))?;
    end(xml, name)
}

fn declaration(xml: &mut Xml<'_>) -> std::io::Result<()> {
    xml.write(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
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
    let mut xml = Xml::new(out);
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
        .and_then(|()| xml.flush())
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
    let mut xml = Xml::new(out);
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
    let (mut i, mut id) = (0u64, String::new());
    let edges = graph.edges(&mut |edge| {
        id.clear();
        write!(id, "{i}").expect("a String takes any text");
        i += 1;
        gexf_edge(&mut xml, &id, edge)
    })?;
    for name in ["edges", "graph", "gexf"] {
        end(&mut xml, name).context("writing GEXF")?;
    }
    xml.flush().context("writing GEXF")?;
    Ok((nodes, edges))
}

/// One edge; its `weight` attribute becomes the edge's own weight.
fn gexf_edge(xml: &mut Xml<'_>, id: &str, edge: &Edge) -> std::io::Result<()> {
    let weight = edge.attributes.get("weight").map(value_text);
    let ends = [
        ("id", id),
        ("source", &edge.source),
        ("target", &edge.target),
    ];
    match &weight {
        Some(weight) => {
            let [id, source, target] = ends;
            start(xml, "edge", &[id, source, target, ("weight", weight)])?
        }
        None => start(xml, "edge", &ends)?,
    }
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

    /// A tag put together here reads as quick-xml's own would: the same
    /// escapes, and control characters made safe first.
    #[test]
    fn tags_are_escaped_as_quick_xml_escapes_them() {
        let values = [
            "plain",
            "",
            "Bells & whistles <b>\"quoted\"</b> it's",
            "line\nbreak\tand\r return",
            "a\u{1b}[31mb\u{FFFE}é—\u{1F600}",
            "&amp; already",
        ];
        let mut buffer = String::new();
        for value in values {
            let ours = tag(&mut buffer, "edge", &[("id", "e1"), ("label", value)]);
            let mut theirs = BytesStart::new("edge");
            theirs.push_attribute(("id", "e1"));
            theirs.push_attribute(("label", xml_safe(value).as_ref()));
            assert_eq!(&*ours, &*theirs, "{value:?}");
            assert_eq!(ours.name(), theirs.name());
        }
    }
}
