//! The graph as DOT (Graphviz) and as node-link JSON (networkx's
//! `node_link_graph`, d3).

use std::io::Write;

use anyhow::Context;
use serde_json::{Value, json};

use super::model::{Form, Graph, Item};

/// A DOT string literal: quotes and backslashes escaped, line breaks as
/// `\n`, other control characters dropped.
fn dot_string(text: &str) -> String {
    let mut quoted = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            c if c.is_control() => {}
            c => quoted.push(c),
        }
    }
    quoted + "\""
}

/// `"from" [label="…", name=value, …]` or `"from" -- "to" [name=value, …]`.
fn dot_line(out: &mut dyn Write, item: &Item, edge: bool) -> std::io::Result<()> {
    let [first, second] = &item.ends;
    let label = (!edge).then(|| format!("label={}", dot_string(second)));
    let values = item.attributes.iter().map(|(name, value)| match value {
        Value::String(text) => format!("{name}={}", dot_string(text)),
        other => format!("{name}={other}"),
    });
    let fact = item.attributes.get("type") == Some(&Value::from("fact"));
    let box_shape = fact.then(|| "shape=box".to_string());
    let attributes: Vec<String> = label.into_iter().chain(values).chain(box_shape).collect();
    let ends = match edge {
        true => format!("{} -- {}", dot_string(first), dot_string(second)),
        false => dot_string(first),
    };
    writeln!(out, "  {ends} [{}];", attributes.join(", "))
}

/// DOT: an undirected graph; facts drawn as boxes, partners as ellipses.
pub fn dot(graph: &Graph<'_>, out: &mut dyn Write) -> anyhow::Result<(u64, u64)> {
    let context = "writing DOT";
    write!(out, "// {}\ngraph apsc {{\n", graph.description).context(context)?;
    out.write_all(b"  graph [overlap=false, splines=true];\n")
        .context(context)?;
    let nodes = graph.nodes(&mut |node| dot_line(out, node, false))?;
    let edges = graph.edges(&mut |edge| dot_line(out, edge, true), true)?;
    out.write_all(b"}\n").context(context)?;
    Ok((nodes, edges))
}

/// An item as a JSON object: its ends under `names`, then its attributes,
/// keys in the order of their names.
fn object(out: &mut dyn Write, item: &Item, names: [&str; 2]) -> std::io::Result<()> {
    let mut object = item.attributes.clone();
    for (name, end) in names.iter().zip(&item.ends) {
        object.insert(name.to_string(), json!(end));
    }
    serde_json::to_writer(out, &object).map_err(std::io::Error::from)
}

/// Node-link JSON as networkx writes it: `nodes` with `id`, and the edges
/// under `edges` (networkx 3.4 and later) and, the same list, under `links`
/// (what earlier versions and d3 read). Written an item at a time, one to
/// a line; the edges are read twice rather than held.
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
    let mut separator = "\n    ";
    let nodes = graph.nodes(&mut |node| {
        out.write_all(std::mem::replace(&mut separator, ",\n    ").as_bytes())?;
        object(out, node, ["id", "label"])
    })?;
    let mut edges = 0;
    for list in ["edges", "links"] {
        write!(out, "\n  ],\n  \"{list}\": [").context(context)?;
        let mut separator = "\n    ";
        let each = &mut |edge: &Item| {
            out.write_all(std::mem::replace(&mut separator, ",\n    ").as_bytes())?;
            object(out, edge, ["source", "target"])
        };
        edges = graph.edges(each, list == "edges")?;
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
