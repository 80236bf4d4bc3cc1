//! The graph as DOT (Graphviz) and as node-link JSON (networkx's
//! `node_link_graph`, d3).

use std::io::Write;

use anyhow::Context;
use serde_json::json;

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

/// One JSON value of an object written by [`object`].
enum Scalar<'a> {
    Text(&'a str),
    Integer(i64),
}

/// Write a JSON object of scalars on one line, its keys in order as
/// `serde_json::Map` orders them (by name), without building a `Map`: a
/// graph has hundreds of thousands of them.
/// The object is put together in memory and written whole: a few dozen
/// small writes per edge through `dyn Write` cost more than the copy.
fn object(out: &mut dyn Write, fields: &mut Vec<(&str, Scalar<'_>)>) -> std::io::Result<()> {
    fields.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut line: Vec<u8> = Vec::with_capacity(256);
    line.push(b'{');
    for (i, (name, value)) in fields.iter().enumerate() {
        if i > 0 {
            line.push(b',');
        }
        serde_json::to_writer(&mut line, name).map_err(std::io::Error::from)?;
        line.push(b':');
        match value {
            Scalar::Text(text) => {
                serde_json::to_writer(&mut line, text).map_err(std::io::Error::from)?
            }
            Scalar::Integer(n) => write!(line, "{n}")?,
        }
    }
    line.push(b'}');
    out.write_all(&line)
}

/// An item's fields: two of its own, then its attributes.
fn fields<'a>(
    own: [(&'a str, &'a str); 2],
    attributes: &'a Attributes,
) -> Vec<(&'a str, Scalar<'a>)> {
    let mut fields: Vec<(&str, Scalar<'_>)> =
        own.iter().map(|(k, v)| (*k, Scalar::Text(v))).collect();
    for (name, value) in attributes {
        fields.push((
            name,
            match value {
                Value::Text(text) => Scalar::Text(text),
                Value::Integer(n) => Scalar::Integer(*n),
            },
        ));
    }
    fields
}

fn node_object(out: &mut dyn Write, node: &Node) -> std::io::Result<()> {
    object(
        out,
        &mut fields([("id", &node.id), ("label", &node.label)], &node.attributes),
    )
}

fn edge_object(out: &mut dyn Write, edge: &Edge) -> std::io::Result<()> {
    object(
        out,
        &mut fields(
            [("source", &edge.source), ("target", &edge.target)],
            &edge.attributes,
        ),
    )
}

/// Write one item of a JSON array, one item per line.
fn array_item(
    out: &mut dyn Write,
    first: &mut bool,
    item: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    out.write_all(if *first { b"\n    " } else { b",\n    " })?;
    *first = false;
    item(out)
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
    let nodes = graph.nodes(&mut |node| array_item(out, &mut first, |o| node_object(o, node)))?;
    let mut edges = 0;
    for list in ["edges", "links"] {
        write!(out, "\n  ],\n  \"{list}\": [").context(context)?;
        let mut first = true;
        edges = graph.edges(&mut |edge| array_item(out, &mut first, |o| edge_object(o, edge)))?;
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
