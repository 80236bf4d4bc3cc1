//! The graph as DOT (Graphviz) and as node-link JSON (networkx's
//! `node_link_graph`, d3).

use std::io::Write;

use anyhow::Context;
use serde_json::{Map, Value as Json, json};

use super::{Attributes, Edge, Form, Graph, Node, Value};

/// A DOT string literal: quotes and backslashes escaped, line breaks as `\n`,
/// other control characters dropped.
fn dot_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            c if c.is_control() => {}
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

fn dot_attributes(label: Option<&str>, attributes: &Attributes, extra: &[(&str, &str)]) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(label) = label {
        parts.push(format!("label={}", dot_string(label)));
    }
    for (name, value) in attributes {
        let value = match value {
            Value::Text(text) => dot_string(text),
            Value::Integer(n) => n.to_string(),
        };
        parts.push(format!("{name}={value}"));
    }
    for (name, value) in extra {
        parts.push(format!("{name}={value}"));
    }
    parts.join(", ")
}

/// DOT: an undirected graph; facts drawn as boxes, partners as ellipses.
pub fn dot(graph: &Graph<'_>, out: &mut dyn Write) -> anyhow::Result<(u64, u64)> {
    let context = "writing DOT";
    write!(out, "// {}\ngraph apsc {{\n", graph.description).context(context)?;
    out.write_all(b"  graph [overlap=false, splines=true];\n")
        .context(context)?;
    let nodes = graph.nodes(&mut |node| {
        let is_fact = node.attributes.get("type") == Some(&Value::Text("fact".into()));
        let shape: &[(&str, &str)] = if is_fact { &[("shape", "box")] } else { &[] };
        writeln!(
            out,
            "  {} [{}];",
            dot_string(&node.id),
            dot_attributes(Some(&node.label), &node.attributes, shape)
        )
    })?;
    let edges = graph.edges(&mut |edge| {
        writeln!(
            out,
            "  {} -- {} [{}];",
            dot_string(&edge.source),
            dot_string(&edge.target),
            dot_attributes(None, &edge.attributes, &[])
        )
    })?;
    out.write_all(b"}\n").context(context)?;
    Ok((nodes, edges))
}

fn json_attributes(attributes: &Attributes, into: &mut Map<String, Json>) {
    for (name, value) in attributes {
        let value = match value {
            Value::Text(text) => json!(text),
            Value::Integer(n) => json!(n),
        };
        into.insert(name.to_string(), value);
    }
}

fn node_object(node: &Node) -> Json {
    let mut object = Map::new();
    object.insert("id".into(), json!(node.id));
    object.insert("label".into(), json!(node.label));
    json_attributes(&node.attributes, &mut object);
    Json::Object(object)
}

fn edge_object(edge: &Edge) -> Json {
    let mut object = Map::new();
    object.insert("source".into(), json!(edge.source));
    object.insert("target".into(), json!(edge.target));
    json_attributes(&edge.attributes, &mut object);
    Json::Object(object)
}

/// Write one item of a JSON array, one item per line.
fn array_item(out: &mut dyn Write, first: &mut bool, item: &Json) -> std::io::Result<()> {
    out.write_all(if *first { b"\n    " } else { b",\n    " })?;
    *first = false;
    serde_json::to_writer(&mut *out, item).map_err(std::io::Error::other)
}

/// Node-link JSON as networkx writes it: `nodes` with `id`, and the edges
/// under `edges` (networkx 3.4 and later) and, the same list, under `links`
/// (what earlier versions and d3 read). Written an item at a time; the edges
/// are read twice rather than held.
pub fn node_link(graph: &Graph<'_>, out: &mut dyn Write) -> anyhow::Result<(u64, u64)> {
    let context = "writing JSON";
    let about = json!({
        "name": "apsc",
        "form": match graph.form { Form::Bipartite => "bipartite", Form::Projected => "projected" },
        "description": graph.description,
    });
    write!(
        out,
        "{{\n  \"directed\": false,\n  \"multigraph\": false,\n  \"graph\": {about},\n  \"nodes\": ["
    )
    .context(context)?;
    let mut first = true;
    let nodes = graph.nodes(&mut |node| array_item(out, &mut first, &node_object(node)))?;
    let mut edges = 0;
    for list in ["edges", "links"] {
        write!(out, "\n  ],\n  \"{list}\": [").context(context)?;
        let mut first = true;
        edges = graph.edges(&mut |edge| array_item(out, &mut first, &edge_object(edge)))?;
    }
    out.write_all(b"\n  ]\n}\n").context(context)?;
    Ok((nodes, edges))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_strings_escape_quotes_backslashes_and_controls() {
        assert_eq!(dot_string(r#"say "hi" \ bye"#), r#""say \"hi\" \\ bye""#);
        assert_eq!(dot_string("a\nb\u{1b}c"), r#""a\nbc""#);
    }
}
