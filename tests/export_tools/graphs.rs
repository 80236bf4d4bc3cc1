//! The partner network in every format, read back by an XML parser, networkx
//! and Graphviz: every partner, fact and link, the edges memberships add, and
//! the projected graph against a self-join of the links.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::process::Command;

use serde_json::Value;

use super::{have, run, tool_script};
use crate::util::{TestDir, python_with};

/// The graph files, read back as XML: every data key declared with a type,
/// every edge between declared nodes.
fn check_graphml(text: &str) -> (usize, usize) {
    let doc = roxmltree::Document::parse(text).unwrap();
    let ns = "http://graphml.graphdrawing.org/xmlns";
    let keys: BTreeMap<&str, &str> = doc
        .descendants()
        .filter(|n| n.has_tag_name((ns, "key")))
        .map(|n| {
            (
                n.attribute("id").unwrap(),
                n.attribute("attr.type").unwrap(),
            )
        })
        .collect();
    let nodes: BTreeSet<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name((ns, "node")))
        .map(|n| n.attribute("id").unwrap())
        .collect();
    let mut edges = 0;
    for node in doc.descendants() {
        if node.has_tag_name((ns, "data")) {
            let key = node.attribute("key").unwrap();
            let kind = keys
                .get(key)
                .unwrap_or_else(|| panic!("undeclared key {key}"));
            if *kind == "long" {
                node.text().unwrap().parse::<i64>().unwrap();
            }
        }
        if node.has_tag_name((ns, "edge")) {
            edges += 1;
            for end in ["source", "target"] {
                assert!(
                    nodes.contains(node.attribute(end).unwrap()),
                    "edge to no node"
                );
            }
        }
    }
    (nodes.len(), edges)
}

/// Each partner's identifiers from outside the text, as the database holds
/// them, the empty ones left out (a merge patch drops nulls).
fn identifiers(conn: &rusqlite::Connection) -> Value {
    let sql = "SELECT json_group_object(id, json(json_patch('{}', json_object(
        'iso3', iso3, 'iso_alpha2', iso_alpha2, 'iso_numeric', iso_numeric, 'cow_code', cow_code,
        'cow_abbrev', cow_abbrev, 'm49_region_code', m49_region_code, 'm49_region', m49_region,
        'm49_subregion_code', m49_subregion_code, 'm49_subregion', m49_subregion,
        'wikidata', wikidata)))) FROM partners WHERE is_subject = 0";
    let text: String = conn.query_row(sql, [], |r| r.get(0)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The bipartite edges an organisation adds through its memberships:
/// `[end, end, via]`, the ends sorted, one per member and fact the text
/// does not link itself.
fn reached(conn: &rusqlite::Connection) -> Vec<[String; 3]> {
    let mut stmt = conn
        .prepare(
            "SELECT member, fact_type || 's/' || fact_id, group_concat(organization_id, ';' ORDER BY organization_id)
               FROM fact_members WHERE linked = 0 GROUP BY 1, 2",
        )
        .unwrap();
    let mut edges: Vec<[String; 3]> = stmt
        .query_map([], |r| {
            let (a, b): (String, String) = (r.get(0)?, r.get(1)?);
            Ok([a.clone().min(b.clone()), a.max(b), r.get(2)?])
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    edges.sort();
    edges
}

/// The number in the first column of the first row of `sql`.
fn count(conn: &rusqlite::Connection, sql: &str) -> usize {
    conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap() as usize
}

/// The GEXF file holds a node for every partner and fact and an edge for
/// every link.
fn the_gexf_holds_every_node_and_edge(t: &TestDir, nodes: usize, links: usize) {
    let gexf = fs::read_to_string(t.path().join("g.gexf")).unwrap();
    let doc = roxmltree::Document::parse(&gexf).unwrap();
    let ns = "http://www.gexf.net/1.2draft";
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name((ns, "node")))
            .count(),
        nodes
    );
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name((ns, "edge")))
            .count(),
        links
    );
}

/// networkx reads the plain (`g`), through-memberships (`m`) and projected
/// through-memberships (`pm`) graphs in each format alike: their nodes,
/// edges, node types, a degree, the identifiers and the edges memberships add.
fn networkx_reads_every_format_alike(t: &TestDir, formats: [&str; 3]) {
    let Some(mut python) = python_with("networkx") else {
        return;
    };
    let conn = t.conn();
    let count = |sql: &str| count(&conn, sql);
    let partners = count("SELECT count(*) FROM partners WHERE is_subject = 0");
    let facts = count("SELECT count(*) FROM facts");
    let links = count("SELECT count(*) FROM fact_partners");
    let files = ["g", "m", "pm"].map(|g| formats.map(|f| format!("{g}.{f}")));
    let out = run(python
        .current_dir(t.path())
        .arg(tool_script("graphs.py"))
        .args(files.iter().flatten()));
    let found: Value = serde_json::from_str(&out).unwrap();
    let rok = count("SELECT count(*) FROM fact_partners WHERE partner_id = 'rok'");
    let identifiers = identifiers(&conn);
    let reached = reached(&conn);
    let outside = count(
        "SELECT count(DISTINCT member) FROM fact_members WHERE member NOT IN (SELECT id FROM partners)",
    );
    for format in formats {
        let text = &found[format!("g.{format}")];
        assert_eq!(text["nodes"], partners + facts, "{format}");
        assert_eq!(text["edges"], links, "{format}");
        assert_eq!(
            text["types"],
            serde_json::json!(["fact", "partner"]),
            "{format}"
        );
        assert_eq!(text["degree_rok"], rok, "{format}");
        assert_eq!(text["identifiers"], identifiers, "{format}");
        assert_eq!(
            text["via"],
            serde_json::json!([]),
            "{format}: no edge via without the option"
        );
        let members = &found[format!("m.{format}")];
        assert_eq!(members["nodes"], partners + facts + outside, "{format}");
        assert_eq!(members["edges"], links + reached.len(), "{format}");
        assert_eq!(
            members["types"],
            serde_json::json!(["fact", "member", "partner"])
        );
        assert_eq!(members["via"], serde_json::json!(reached), "{format}");
        let projected = &found[format!("pm.{format}")];
        assert_eq!(projected["nodes"], partners + outside, "{format}");
        assert_eq!(projected["via"], found["pm.json"]["via"], "{format}");
        assert!(projected["via"].as_array().unwrap().len() > 100, "{format}");
    }
}

#[test]
fn the_graph_files_hold_every_partner_and_link_in_every_format() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    let count = |sql: &str| count(&conn, sql);
    let partners = count("SELECT count(*) FROM partners WHERE is_subject = 0");
    let facts = count("SELECT count(*) FROM facts");
    let links = count("SELECT count(*) FROM fact_partners");
    for file in ["g.graphml", "g.gexf", "g.dot", "g.json"] {
        t.apsc(&["export", "--graph", file]).success();
    }
    let (nodes, edges) = check_graphml(&fs::read_to_string(t.path().join("g.graphml")).unwrap());
    assert_eq!((nodes, edges), (partners + facts, links));
    the_gexf_holds_every_node_and_edge(&t, partners + facts, links);
    t.apsc(&[
        "export",
        "--graph",
        "p.graphml",
        "--graph-form",
        "projected",
    ])
    .success();
    let (nodes, _) = check_graphml(&fs::read_to_string(t.path().join("p.graphml")).unwrap());
    assert_eq!(nodes, partners);
    let through = |file: &str, form: &str| {
        let args = [
            "export",
            "--graph",
            file,
            "--graph-form",
            form,
            "--through-memberships",
        ];
        t.apsc(&args).success();
    };
    t.apsc(&["export", "out", "--through-memberships"])
        .code_is(2)
        .stderr_has("--graph FILE");
    let formats = ["graphml", "gexf", "json"];
    for format in formats {
        through(&format!("m.{format}"), "bipartite");
        through(&format!("pm.{format}"), "projected");
    }
    let (nodes, edges) = check_graphml(&fs::read_to_string(t.path().join("pm.graphml")).unwrap());
    assert!(nodes > partners && edges > 0);
    networkx_reads_every_format_alike(&t, formats);
    if have("dot", &["-V"]) {
        let svg = run(Command::new("dot")
            .current_dir(t.path())
            .args(["-Tsvg", "g.dot"]));
        assert!(svg.contains("<svg") && svg.contains("Republic of Korea"));
    }
}

/// The projected graph's edges, as SQL finds them by joining the links with
/// themselves: `(source, target) -> (shared facts, areas)`.
fn pairs_by_join(t: &TestDir) -> BTreeMap<(String, String), (i64, String)> {
    let conn = t.conn();
    let mut stmt = conn
        .prepare(
            "WITH l AS (
                SELECT fp.fact_table, fp.fact_id, fp.partner_id, f.area_id
                  FROM fact_partners fp
                  JOIN facts f USING (fact_table, fact_id)
                  JOIN partners p ON p.id = fp.partner_id
                 WHERE p.is_subject = 0 AND fp.fact_table <> 'statements')
             SELECT source, target, sum(shared), group_concat(area_id, ';' ORDER BY area_id)
               FROM (SELECT a.partner_id AS source, b.partner_id AS target, a.area_id,
                            count(*) AS shared
                       FROM l a JOIN l b ON b.fact_table = a.fact_table
                        AND b.fact_id = a.fact_id AND b.partner_id > a.partner_id
                      GROUP BY 1, 2, 3)
              GROUP BY 1, 2",
        )
        .unwrap();
    stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?))))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The projected graph as `apsc export` writes it in node-link JSON.
fn projected_edges(t: &TestDir) -> BTreeMap<(String, String), (i64, String)> {
    t.apsc(&["export", "--graph", "p.json", "--graph-form", "projected"])
        .success();
    let graph: Value =
        serde_json::from_str(&fs::read_to_string(t.path().join("p.json")).unwrap()).unwrap();
    graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let text = |k: &str| e[k].as_str().unwrap().to_string();
            (
                (text("source"), text("target")),
                (e["weight"].as_i64().unwrap(), text("areas")),
            )
        })
        .collect()
}

#[test]
fn the_projected_graph_pairs_the_partners_that_share_facts_as_a_self_join_does() {
    let t = TestDir::new();
    t.seeded();
    let real = projected_edges(&t);
    assert!(real.len() >= 8, "{real:?}");
    assert_eq!(real, pairs_by_join(&t));
    // The engagements tie partners, not the statements: the ARF and BRICS
    // are named together only in a statement of position.
    let arf_brics = ("arf".to_string(), "brics".to_string());
    assert!(!real.contains_key(&arf_brics), "{real:?}");
    let stated = t
        .conn()
        .query_row(
            "SELECT count(*) FROM fact_partners a JOIN fact_partners b USING (fact_table, fact_id)
              WHERE a.partner_id = 'arf' AND b.partner_id = 'brics' AND fact_table = 'statements'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap();
    assert_eq!(stated, 1);
    // Through the memberships, what each edge shares in the text's own links
    // (its weight less the facts reached through an organisation) is as before.
    let through = "--through-memberships";
    t.apsc(&[
        "export",
        "--graph",
        "pm.json",
        "--graph-form",
        "projected",
        through,
    ])
    .success();
    let graph: Value =
        serde_json::from_str(&fs::read_to_string(t.path().join("pm.json")).unwrap()).unwrap();
    let mut own = BTreeMap::new();
    for e in graph["edges"].as_array().unwrap() {
        let reached = e["reached"].as_i64().unwrap_or(0);
        assert_eq!(e["via"].is_string(), reached > 0, "{e}");
        let shared = e["weight"].as_i64().unwrap() - reached;
        if shared > 0 {
            let end = |k: &str| e[k].as_str().unwrap().to_string();
            own.insert((end("source"), end("target")), shared);
        }
    }
    let text: BTreeMap<_, _> = real.into_iter().map(|(k, (w, _))| (k, w)).collect();
    assert_eq!(own, text);
    // A generated seed: thousands of facts, many partners to a fact, every
    // fact table, and ids whose order as text is not their order as numbers.
    apsc_generate::generate(
        &t.path().join("generated"),
        &apsc_generate::Options {
            facts: 3000,
            seed: 7,
        },
    )
    .unwrap();
    t.apsc(&["seed", "--reset", "--from", "generated"])
        .success();
    let generated = projected_edges(&t);
    assert!(generated.len() > 100, "{}", generated.len());
    assert_eq!(generated, pairs_by_join(&t));
}

/// A fact node says its coded form and whether it is an engagement, so that
/// a graph tool can leave the statements out.
#[test]
fn fact_nodes_carry_their_form_and_whether_they_are_engagements() {
    let t = TestDir::new();
    t.seeded();
    t.apsc(&["export", "--graph", "b.json"]).success();
    let graph: Value =
        serde_json::from_str(&fs::read_to_string(t.path().join("b.json")).unwrap()).unwrap();
    let node = |id: &str| {
        graph["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == id)
            .cloned()
            .unwrap()
    };
    let amcdrr = node("meetings/amcdrr");
    assert_eq!(
        (amcdrr["form"].as_str(), amcdrr["is_engagement"].as_i64()),
        (Some("multilateral"), Some(1))
    );
    let position = node("statements/regional-cyber-mechanisms");
    assert_eq!(position["is_engagement"].as_i64(), Some(0), "{position}");
}
