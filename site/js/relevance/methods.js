/*
 * How the page names the explanation methods. The method names themselves come from the data
 * (the worker's reply, gallery.json): pyplayground.explain.METHODS, plus "random" in the
 * evaluation. Unknown names are shown as they are.
 */
const LABELS = {
  "sensitivity": ["Sensitivity", "|∂f/∂x|: how much a small change of each pixel changes the class score (Simonyan et al. 2014)"],
  "deconvnet": ["Deconvnet", "Zeiler & Fergus 2014: the backward pass with the ReLU applied to the backward signal, |.|"],
  "lrp-0": ["LRP-0", "Layer-wise relevance propagation, basic rule: each input gets its share z_ij / z_j of the relevance (Bach et al. 2015)"],
  "lrp-epsilon": ["LRP-ε", "LRP with a stabilizer ε = 0.25: weak, contradictory contributions are absorbed"],
  "lrp-alphabeta": ["LRP-α2β1", "LRP with positive contributions counted twice and negative ones once (α = 2, β = 1)"],
  "lrp-zplus": ["LRP-z⁺", "Only positive contributions, every layer (deep Taylor decomposition, Montavon et al. 2017)"],
  "lrp-zbox": ["LRP z^B", "Box rule for pixels bounded in [0, 1] at the input, z⁺ above"],
  "lrp-wsquare": ["LRP w²", "Input layer shares by squared weights (not by the pixels), z⁺ above"],
  "lrp-flat": ["LRP flat", "Input layer shares equally over each unit's receptive field, z⁺ above"],
  "composite-epsilon-plus": ["ε + z⁺", "Composite: z⁺ for convolutions, ε for dense layers"],
  "composite-epsilon-plus-box": ["ε + z⁺ + box", "Composite: box rule at the input, z⁺ for convolutions, ε for dense layers"],
  "composite-epsilon-alpha2-beta1": ["ε + α2β1", "Composite: α2β1 for convolutions, ε for dense layers"],
  "composite-epsilon-plus-flat": ["ε + z⁺ + flat", "Composite: flat at the input, z⁺ for convolutions, ε for dense layers"],
  "random": ["Random", "Uniform noise as a heatmap: the baseline every method should beat"],
};

/** The short label of a method name. */
export function methodLabel(name) {
  return (LABELS[name] || [name])[0];
}

/** One sentence on what the method computes. */
export function methodDescription(name) {
  return (LABELS[name] || [name, ""])[1];
}
