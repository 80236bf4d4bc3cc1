"""Read apsc's graph files with networkx and print what it found, as JSON.

Usage: python3 graphs.py FILE...   (.graphml, .gexf, or node-link .json)
"""
import json
import sys

import networkx as nx

IDENTIFIERS = ["iso3", "iso_alpha2", "iso_numeric", "cow_code", "cow_abbrev", "m49_region_code",
               "m49_region", "m49_subregion_code", "m49_subregion", "wikidata"]


def read(path):
    if path.endswith(".graphml"):
        return nx.read_graphml(path)
    if path.endswith(".gexf"):
        return nx.read_gexf(path)
    return nx.node_link_graph(json.load(open(path, encoding="utf-8")), edges="edges")


found = {}
for path in sys.argv[1:]:
    graph = read(path)
    nodes = graph.nodes(data=True)
    found[path] = {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "types": sorted({str(d.get("type")) for _, d in nodes}),
        "degree_rok": graph.degree("rok") if "rok" in graph else None,
        # Each partner's identifiers as networkx typed them (absent ones left out).
        "identifiers": {n: {k: d[k] for k in IDENTIFIERS if k in d}
                        for n, d in nodes if d.get("type") == "partner"},
        # The edges reached through an organisation: both ends, sorted, and `via`.
        "via": sorted(sorted([u, v]) + [d["via"]] for u, v, d in graph.edges(data=True) if "via" in d),
    }
print(json.dumps(found))
