/*
 * Where the Clusters page draws things: each layer a band of cluster rectangles (in the
 * similarity order), each rectangle packed with its neurons' tiles in a near-square grid,
 * rectangles placed left to right on shelves that wrap at the width.
 */
export const TILE = 22;
const GAP = 2;
const CLUSTER_GAP = 10;
const LAYER_GAP = 70;
const TITLE = 18;

/** {layers: [{y0, y1, clusters: [{cluster, x, y, w, h}], tiles: {unit: [x, y]}}], height} */
export function layoutClusters(data, width) {
  let y = 0;
  const layers = data.layers.map((layer) => {
    const members = new Map(layer.cluster_order.map((c) => [c, []]));
    for (const unit of layer.order) members.get(layer.labels[unit]).push(unit);
    const y0 = y;
    y += TITLE;
    let x = 0;
    let shelf = 0;
    const clusters = [];
    const tiles = {};
    for (const cluster of layer.cluster_order) {
      const units = members.get(cluster);
      const cols = Math.ceil(Math.sqrt(units.length));
      const rows = Math.ceil(units.length / cols);
      const w = cols * (TILE + GAP) + GAP;
      const h = rows * (TILE + GAP) + GAP;
      if (x > 0 && x + w > width) { x = 0; y += shelf + CLUSTER_GAP; shelf = 0; }
      clusters.push({cluster, x, y, w, h, units});
      units.forEach((unit, k) => {
        tiles[unit] = [x + GAP + (k % cols) * (TILE + GAP), y + GAP + Math.floor(k / cols) * (TILE + GAP)];
      });
      x += w + CLUSTER_GAP;
      shelf = Math.max(shelf, h);
    }
    y += shelf;
    const out = {y0, y1: y, clusters, tiles};
    y += LAYER_GAP;
    return out;
  });
  return {layers, height: y - LAYER_GAP + 4};
}
