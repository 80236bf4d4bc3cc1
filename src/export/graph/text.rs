//! The graph as DOT (Graphviz) and as node-link JSON (networkx's
//! `node_link_graph`, d3).

use std::fmt::Write as _;
use std::io::Write;

use anyhow::Context;
use serde_json::json;

use super::{Attributes, Edge, Form, Graph, Node, Value};

/// A DOT string literal, put on `line`: quotes and backslashes escaped,
/// line breaks as `\n`, other control characters dropped.
fn push_dot_string(line: &mut String, text: &str) {
    line.push('"');
    for c in text.chars() {
        match c {
            '"' => line.push_str("\\\""),
            '\\' => line.push_str("\\\\"),
            '\n' => line.push_str("\\n"),
            c if c.is_control() => {}
            c => line.push(c),
        }
    }
    line.push('"');
}

/// `label="…", name=value, …`, put on `line`.
fn push_dot_attributes(
    line: &mut String,
    label: Option<&str>,
    attributes: &Attributes,
    extra: &[(&str, &str)],
) {
    let mut separator = "";
    if let Some(label) = label {
        line.push_str("label=");
        push_dot_string(line, label);
        separator = ", ";
    }
    for (name, value) in attributes {
        line.push_str(separator);
        line.push_str(name);
        line.push('=');
        match value {
            Value::Text(text) => push_dot_string(line, text),
            Value::Integer(n) => write!(line, "{n}").expect("a String takes any text"),
        }
        separator = ", ";
    }
    for (name, value) in extra {
        line.push_str(separator);
        line.push_str(name);
        line.push('=');
        line.push_str(value);
        separator = ", ";
    }
}

/// DOT: an undirected graph; facts drawn as boxes, partners as ellipses.
/// Each statement is put together in one buffer and written whole.
pub fn dot(graph: &Graph<'_>, out: &mut dyn Write) -> anyhow::Result<(u64, u64)> {
    let context = "writing DOT";
    write!(out, "// {}\ngraph apsc {{\n", graph.description).context(context)?;
    out.write_all(b"  graph [overlap=false, splines=true];\n")
        .context(context)?;
    let mut line = String::with_capacity(256);
    let nodes = graph.nodes(&mut |node| {
        let is_fact = matches!(node.attributes.get("type"), Some(Value::Text(t)) if t == "fact");
        let shape: &[(&str, &str)] = if is_fact { &[("shape", "box")] } else { &[] };
        line.clear();
        line.push_str("  ");
        push_dot_string(&mut line, &node.id);
        line.push_str(" [");
        push_dot_attributes(&mut line, Some(&node.label), &node.attributes, shape);
        line.push_str("];\n");
        out.write_all(line.as_bytes())
    })?;
    let edges = graph.edges(&mut |edge| {
        line.clear();
        line.push_str("  ");
        push_dot_string(&mut line, &edge.source);
        line.push_str(" -- ");
        push_dot_string(&mut line, &edge.target);
        line.push_str(" [");
        push_dot_attributes(&mut line, None, &edge.attributes, &[]);
        line.push_str("];\n");
        out.write_all(line.as_bytes())
    })?;
    out.write_all(b"}\n").context(context)?;
    Ok((nodes, edges))
}

/// One JSON value of an object written by [`object`].
enum Scalar<'a> {
    Text(&'a str),
    Integer(i64),
}

/// Put a JSON object of scalars on `line`, its keys in order as
/// `serde_json::Map` orders them (by name), without building a `Map`: a
/// graph has hundreds of thousands of them.
fn object(line: &mut Vec<u8>, fields: &mut Vec<(&str, Scalar<'_>)>) -> std::io::Result<()> {
    fields.sort_unstable_by(|a, b| a.0.cmp(b.0));
    line.push(b'{');
    for (i, (name, value)) in fields.iter().enumerate() {
        if i > 0 {
            line.push(b',');
        }
        serde_json::to_writer(&mut *line, name).map_err(std::io::Error::from)?;
        line.push(b':');
        match value {
            Scalar::Text(text) => {
                serde_json::to_writer(&mut *line, text).map_err(std::io::Error::from)?
            }
            Scalar::Integer(n) => write!(line, "{n}")?,
        }
    }
    line.push(b'}');
    Ok(())
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

fn node_object(line: &mut Vec<u8>, node: &Node) -> std::io::Result<()> {
    object(
        line,
        &mut fields([("id", &node.id), ("label", &node.label)], &node.attributes),
    )
}

fn edge_object(line: &mut Vec<u8>, edge: &Edge) -> std::io::Result<()> {
    object(
        line,
        &mut fields(
            [("source", &edge.source), ("target", &edge.target)],
            &edge.attributes,
        ),
    )
}

/// The items of a JSON array, one per line. Each item is put together in
/// one buffer and written whole: a few dozen small writes per edge through
/// `dyn Write` cost more than the copy.
struct Items {
    first: bool,
    line: Vec<u8>,
}

impl Items {
    fn new() -> Items {
        Items {
            first: true,
            line: Vec::with_capacity(256),
        }
    }

    fn write(
        &mut self,
        out: &mut dyn Write,
        item: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.line.clear();
        self.line
            .extend_from_slice(if self.first { b"\n    " } else { b",\n    " });
        self.first = false;
        item(&mut self.line)?;
        out.write_all(&self.line)
    }
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
    let mut items = Items::new();
    let nodes = graph.nodes(&mut |node| items.write(out, |line| node_object(line, node)))?;
    let mut edges = 0;
    for (i, list) in ["edges", "links"].into_iter().enumerate() {
        write!(out, "\n  ],\n  \"{list}\": [").context(context)?;
        let mut items = Items::new();
        let each = &mut |edge: &Edge<'_>| items.write(out, |line| edge_object(line, edge));
        edges = if i == 0 {
            graph.edges(each)?
        } else {
            graph.edges_again(each)?
        };
    }
    out.write_all(b"\n  ]\n}\n").context(context)?;
    Ok((nodes, edges))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_strings_escape_quotes_backslashes_and_controls() {
        let dot_string = |text: &str| {
            let mut line = String::new();
            push_dot_string(&mut line, text);
            line
        };
        assert_eq!(dot_string(r#"say "hi" \ bye"#), r#""say \"hi\" \\ bye""#);
        assert_eq!(dot_string("a\nb\u{1b}c"), r#""a\nbc""#);
    }
}
