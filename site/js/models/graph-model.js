/*
 * The architecture graph a model's summary.json describes (docs/model-zoo.md), reduced to
 * what is visible: a group node (a Residual: a node that other nodes name as "parent") is
 * either collapsed into one node, or expanded into a cluster of its children. Pure data, no
 * drawing: graph-view.js lays out and draws what visibleGraph returns.
 *
 * summary.graph: {nodes: [{id, label, type, params, output_shape, parent}],
 *                 edges: [{from, to, shape, skip?}]}, with pseudo-nodes "input" and "output".
 */

/** Check the graph's shape; returns a list of problems (empty when it can be drawn). */
export function graphProblems(graph) {
  if (!graph || !Array.isArray(graph.nodes) || !Array.isArray(graph.edges)) return ["graph has no nodes and edges lists"];
  const problems = [];
  const ids = new Set(["input", "output"]);
  for (const n of graph.nodes) {
    if (!n || typeof n.id !== "string") problems.push("a node without an id");
    else ids.add(n.id);
  }
  for (const n of graph.nodes) {
    if (n && n.parent != null && !ids.has(n.parent)) problems.push("node " + n.id + " names a missing parent " + n.parent);
  }
  for (const e of graph.edges) {
    if (!e || !ids.has(e.from) || !ids.has(e.to)) problems.push("an edge between unknown nodes " + JSON.stringify(e));
  }
  return problems;
}

/** The graph's group nodes (those with children), outermost first. */
export function groupIds(graph) {
  const parents = new Set(graph.nodes.map((n) => n.parent).filter((p) => p != null));
  return graph.nodes.filter((n) => parents.has(n.id)).map((n) => n.id);
}

/**
 * What to draw when the groups in `expanded` (a Set of ids) are open and the rest closed.
 * Returns {nodes: [{id, label, type, params, shape, kind: "layer"|"group"|"cluster"|"io"|"add",
 *                   parent: cluster id or null, children: count}],
 *          edges: [{from, to, shape, skip}]}.
 * An edge that names an expanded group itself attaches to a small "add" node inside its
 * cluster (a cluster is a box, not a node, in the layout); edges inside a collapsed group
 * disappear, and parallel edges between the same two visible nodes are drawn once.
 */
export function visibleGraph(graph, expanded) {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const groups = new Set(groupIds(graph));
  const childCount = new Map();
  for (const n of graph.nodes) { // layers inside each group (its Add node is not a layer)
    if (n.parent != null && n.type !== "Add") childCount.set(n.parent, (childCount.get(n.parent) || 0) + 1);
  }
  const ancestors = (id) => {
    const chain = [];
    for (let p = byId.has(id) ? byId.get(id).parent : null; p != null; p = byId.get(p) ? byId.get(p).parent : null) {
      chain.unshift(p);
      if (chain.length > 64) break; // a cycle of parents: stop rather than hang
    }
    return chain; // outermost first
  };
  // The visible node that stands for `id`: its outermost collapsed ancestor, or itself.
  const representative = (id) => {
    for (const a of ancestors(id)) if (!expanded.has(a)) return a;
    return groups.has(id) && expanded.has(id) ? id + "/add" : id;
  };
  const visibleParent = (id) => {
    const open = ancestors(id).filter((a) => expanded.has(a));
    return open.length ? open[open.length - 1] : null;
  };

  const nodes = [];
  const io = (id) => ({id, label: id === "input" ? "Input" : "Output", type: id, params: 0, shape: null,
                       kind: "io", parent: null, children: 0});
  if (!byId.has("input")) nodes.push(io("input"));
  const addNodes = new Set();
  for (const n of graph.nodes) {
    if (representative(n.id) !== n.id && !(groups.has(n.id) && expanded.has(n.id))) continue; // hidden inside a closed group
    const parent = visibleParent(n.id);
    if (n.id === "input" || n.id === "output") {
      nodes.push(Object.assign(io(n.id), {label: prettyLabel(n.label || io(n.id).label), shape: n.output_shape || null}));
    } else if (n.type === "Add") {
      nodes.push({id: n.id, label: n.label, type: "Add", params: 0, shape: n.output_shape, kind: "add", parent, children: 0});
    } else if (groups.has(n.id) && expanded.has(n.id)) {
      nodes.push({id: n.id, label: prettyLabel(n.label), type: n.type, params: paramsOf(graph, n), shape: n.output_shape,
                  kind: "cluster", parent, children: childCount.get(n.id)});
    } else {
      nodes.push({id: n.id, label: prettyLabel(n.label), type: n.type, params: paramsOf(graph, n), shape: n.output_shape,
                  kind: groups.has(n.id) ? "group" : "layer", parent, children: childCount.get(n.id) || 0});
    }
  }
  if (!byId.has("output")) nodes.push(io("output"));

  const edges = [];
  const seen = new Set();
  for (const e of graph.edges) {
    const from = representative(e.from);
    const to = representative(e.to);
    if (from === to) continue;
    for (const end of [from, to]) if (end.endsWith("/add")) addNodes.add(end.slice(0, -4));
    const key = from + "\u0000" + to;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push({from, to, shape: e.shape || null, skip: Boolean(e.skip)});
  }
  for (const id of addNodes) {
    nodes.push({id: id + "/add", label: "add", type: "Add", params: 0, shape: byId.get(id).output_shape,
                kind: "add", parent: id, children: 0});
  }
  return {nodes, edges};
}

// A node's parameter count; a group's is its own or else the sum of its descendants'.
function paramsOf(graph, node) {
  if (Number.isFinite(node.params)) return node.params;
  return graph.nodes.filter((n) => n.parent === node.id).reduce((sum, n) => sum + paramsOf(graph, n), 0);
}

/** A layer label for display: "Conv2D 3x3, 1->8" -> "Conv2D 3×3, 1→8". */
export function prettyLabel(label) {
  return String(label == null ? "" : label).replace(/->/g, "\u2192").replace(/(\d)x(\d)/g, "$1\u00d7$2");
}

/** "8×14×14" for a shape list; "" for none. */
export function formatShape(shape) {
  return Array.isArray(shape) ? shape.join("\u00d7") : "";
}

/** 1234 -> "1.2k", 2500000 -> "2.5M" (parameter counts on nodes). */
export function formatCount(n) {
  if (!Number.isFinite(n)) return "";
  if (n >= 1e6) return (n / 1e6).toFixed(n >= 1e7 ? 0 : 1) + "M";
  if (n >= 1e3) return (n / 1e3).toFixed(n >= 1e4 ? 0 : 1) + "k";
  return String(n);
}
