/* Short, plain-language explanations shown when a student hovers or focuses a neuron. */
import {paletteWords} from "../../charts/colormaps.js";

const ACTIVATION_WORDS = {
  relu: "ReLU (zero for negative sums, the sum itself otherwise)",
  tanh: "tanh (squashes the sum into -1 to +1)",
  sigmoid: "sigmoid (squashes the sum into 0 to 1)",
  linear: "no squashing (linear)",
};

/** Explanation of the neuron in column `layer` (1 = first hidden) of a net whose output column is `last`. */
export function explainNeuron(layer, last, activation, outputs) {
  if (layer === last) {
    return outputs > 1
      ? "Output for one class: softmax turns the three outputs into probabilities; the big heatmap shows the most likely class."
      : "The output neuron: its heatmap is the network's prediction over the whole input plane (" +
        paletteWords().positive + " +1, " + paletteWords().negative + " -1).";
  }
  const source = layer === 1 ? "the input features" : "the neurons of hidden layer " + (layer - 1);
  return "Hidden layer " + layer + ": this neuron adds up " + source + ", each times its weight, plus a bias, " +
         "then applies " + (ACTIVATION_WORDS[activation] || activation) + ". The heatmap shows its output at every " +
         "point of the input plane: a " + (layer === 1 ? "simple boundary (a line, or a curve of the features)" :
         "combination of the earlier layers' shapes") + ". " + capital(paletteWords().positive) + " is positive, " +
         paletteWords().negative + " negative.";
}

function capital(word) {
  return word[0].toUpperCase() + word.slice(1);
}
