//! The graph as DOT (Graphviz) and as node-link JSON (networkx's
//! `node_link_graph`, d3).

use std::io::Write;

use anyhow::Context;
use serde_json::{Map, Value as Json, json};

use super::{Attributes, Form, Graph, Value};

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
pub fn dot(graph: &Graph, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut text = String::new();
    text.push_str(&format!("// {}\ngraph apsc {{\n", graph.description));
    text.push_str("  graph [overlap=false, splines=true];\n");
    for node in &graph.nodes {
        let is_fact = node.attributes.get("type") == Some(&Value::Text("fact".into()));
        let shape: &[(&str, &str)] = if is_fact { &[("shape", "box")] } else { &[] };
        text.push_str(&format!(
            "  {} [{}];\n",
            dot_string(&node.id),
            dot_attributes(Some(&node.label), &node.attributes, shape)
        ));
    }
    for edge in &graph.edges {
        text.push_str(&format!(
            "  {} -- {} [{}];\n",
            dot_string(&edge.source),
            dot_string(&edge.target),
            dot_attributes(None, &edge.attributes, &[])
        ));
    }
    text.push_str("}\n");
    out.write_all(text.as_bytes()).context("writing DOT")
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

/// Node-link JSON as networkx writes it: `nodes` with `id`, and the edges
/// under `edges` (networkx 3.4 and later) and, the same list, under `links`
/// (what earlier versions and d3 read).
pub fn node_link(graph: &Graph, out: &mut dyn Write) -> anyhow::Result<()> {
    let nodes: Vec<Json> = graph
        .nodes
        .iter()
        .map(|node| {
            let mut object = Map::new();
            object.insert("id".into(), json!(node.id));
            object.insert("label".into(), json!(node.label));
            json_attributes(&node.attributes, &mut object);
            Json::Object(object)
        })
        .collect();
    let edges: Vec<Json> = graph
        .edges
        .iter()
        .map(|edge| {
            let mut object = Map::new();
            object.insert("source".into(), json!(edge.source));
            object.insert("target".into(), json!(edge.target));
            json_attributes(&edge.attributes, &mut object);
            Json::Object(object)
        })
        .collect();
    let document = json!({
        "directed": false,
        "multigraph": false,
        "graph": {
            "name": "apsc",
            "form": match graph.form { Form::Bipartite => "bipartite", Form::Projected => "projected" },
            "description": graph.description,
        },
        "nodes": nodes,
        "edges": edges,
        "links": edges,
    });
    serde_json::to_writer_pretty(&mut *out, &document).context("writing JSON")?;
    out.write_all(b"\n").context("writing JSON")
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
