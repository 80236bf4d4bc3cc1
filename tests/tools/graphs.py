"""Read apsc's graph files with networkx and print what it found, as JSON.

Usage: python3 graphs.py GRAPHML GEXF JSON
"""
import json
import sys

import networkx as nx

graphml, gexf, node_link = sys.argv[1:4]
found = {}
for name, graph in [
    ("graphml", nx.read_graphml(graphml)),
    ("gexf", nx.read_gexf(gexf)),
    ("json", nx.node_link_graph(json.load(open(node_link, encoding="utf-8")), edges="edges")),
]:
    found[name] = {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "types": sorted({str(d.get("type")) for _, d in graph.nodes(data=True)}),
        "degree_rok": graph.degree("rok") if "rok" in graph else None,
    }
print(json.dumps(found))
