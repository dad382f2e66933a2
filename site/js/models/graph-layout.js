/*
 * Layered layout of a visible architecture graph (graph-model.js) with dagre, the layout
 * TensorFlow's graph visualizer also uses: ranks top to bottom, clusters for expanded
 * groups, room for the tensor-shape label on every edge. dagre (site/vendor/dagre/, copied
 * from the npm lock by the build) is loaded on first use so a missing copy gives a clear
 * message instead of a page that fails to start.
 */
const DAGRE_URL = new URL("../../vendor/dagre/dagre.esm.js", import.meta.url).href;
let dagrePromise = null;

export function loadDagre() {
  if (!dagrePromise) {
    dagrePromise = import(DAGRE_URL).then((m) => m.default || m).catch(() => {
      dagrePromise = null;
      throw new Error("the graph layout library (vendor/dagre/dagre.esm.js) is missing: run 'python3 build.py'");
    });
  }
  return dagrePromise;
}

/**
 * Positions for `visible` ({nodes, edges}); `size(node)` -> {width, height} and
 * `labelSize(edge)` -> {width, height} for nodes and edge labels.
 * Resolves with {width, height, nodes: Map id -> {x, y, width, height} (centres; clusters
 * included), edges: [{edge, points: [{x, y}], label: {x, y}}]}.
 */
export async function layout(visible, size, labelSize) {
  const dagre = await loadDagre();
  const g = new dagre.graphlib.Graph({compound: true, multigraph: false});
  g.setGraph({rankdir: "TB", nodesep: 28, ranksep: 34, edgesep: 12, marginx: 16, marginy: 16});
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of visible.nodes) {
    g.setNode(node.id, node.kind === "cluster" ? {} : size(node));
  }
  for (const node of visible.nodes) {
    if (node.parent != null) g.setParent(node.id, node.parent);
  }
  for (const edge of visible.edges) {
    const label = labelSize(edge);
    // Skip edges bend around the block; a lower weight keeps the main path straight.
    g.setEdge(edge.from, edge.to, {width: label.width, height: label.height, labelpos: "r", labeloffset: 6,
                                   weight: edge.skip ? 1 : 4, minlen: 1});
  }
  dagre.layout(g);
  const nodes = new Map();
  for (const id of g.nodes()) {
    const n = g.node(id);
    nodes.set(id, {x: n.x, y: n.y, width: n.width, height: n.height});
  }
  const edges = visible.edges.map((edge) => {
    const e = g.edge(edge.from, edge.to);
    return {edge, points: e.points.map((p) => ({x: p.x, y: p.y})), label: {x: e.x, y: e.y}};
  });
  const graph = g.graph();
  return {width: graph.width, height: graph.height, nodes, edges};
}
