"""nn.MLP against a plain-Python re-implementation of TF Playground's training (its ``nn.ts``).

The reference below is written from TF's code, point by point and link by link, with no
vectorization: ``forwardProp``, ``backProp`` (square error, derivative ``output - target``,
accumulated per point; dead links accumulate nothing) and, after every batch,
``updateWeights``: ``bias -= lr * mean der``; for each live link ``regulDer = R'(weight)`` (taken
before the weight changes), ``weight -= lr * mean der``, then ``new = weight - lr * rate * regulDer``;
with L1, ``weight * new < 0`` sets the weight to 0 and the link dead (skipped for good).
"""
import math

import numpy as np
import pytest

from pyplayground import nn
from pyplayground.playground import datasets, shuffle

L1_DER = lambda w: -1.0 if w < 0 else (1.0 if w > 0 else 0.0)  # noqa: E731  (TF's RegularizationFunction.L1.der)
L2_DER = lambda w: w  # noqa: E731
REGULARIZERS = {"L1": L1_DER, "L2": L2_DER, None: None}


class TfNetwork:
    """TF Playground's network, from nn.MLP's initial weights; tanh everywhere (as the tests use)."""

    def __init__(self, net):
        self.sizes = list(net.sizes)
        # weight[l][i][j]: the link from node i of layer l to node j of layer l+1 (floats, not arrays)
        self.weight = [[[float(v) for v in row] for row in w] for w in net.weights]
        self.dead = [[[False] * len(row) for row in w] for w in net.weights]
        self.bias = [[float(v) for v in b] for b in net.biases]
        self._zero_accumulators()

    def _zero_accumulators(self):
        self.acc_w = [[[0.0] * len(row) for row in w] for w in self.weight]
        self.num_w = [[[0] * len(row) for row in w] for w in self.weight]
        self.acc_b = [[0.0] * len(b) for b in self.bias]
        self.num_b = [[0] * len(b) for b in self.bias]

    def forward(self, point):
        outputs = [list(point)]
        totals = []
        for l in range(len(self.weight)):
            total = []
            for j in range(self.sizes[l + 1]):
                t = self.bias[l][j]
                for i in range(self.sizes[l]):
                    t += self.weight[l][i][j] * outputs[l][i]
                total.append(t)
            totals.append(total)
            outputs.append([math.tanh(t) for t in total])
        return totals, outputs

    def back_prop(self, point, target):
        totals, outputs = self.forward(point)
        output_der = [outputs[-1][0] - target]  # the square error's derivative
        for l in range(len(self.weight) - 1, -1, -1):
            input_der = [output_der[j] * (1 - math.tanh(totals[l][j]) ** 2) for j in range(self.sizes[l + 1])]
            for j in range(self.sizes[l + 1]):
                self.acc_b[l][j] += input_der[j]
                self.num_b[l][j] += 1
                for i in range(self.sizes[l]):
                    if self.dead[l][i][j]:
                        continue
                    self.acc_w[l][i][j] += input_der[j] * outputs[l][i]
                    self.num_w[l][i][j] += 1
            output_der = [sum(self.weight[l][i][j] * input_der[j] for j in range(self.sizes[l + 1]))
                          for i in range(self.sizes[l])]

    def update_weights(self, lr, regularization, rate):
        der = REGULARIZERS[regularization]
        for l in range(len(self.weight)):
            for j in range(self.sizes[l + 1]):
                if self.num_b[l][j] > 0:
                    self.bias[l][j] -= lr * self.acc_b[l][j] / self.num_b[l][j]
                for i in range(self.sizes[l]):
                    if self.dead[l][i][j]:
                        continue
                    regul_der = der(self.weight[l][i][j]) if der else 0.0
                    if self.num_w[l][i][j] > 0:
                        self.weight[l][i][j] -= (lr / self.num_w[l][i][j]) * self.acc_w[l][i][j]
                        new = self.weight[l][i][j] - (lr * rate) * regul_der
                        if regularization == "L1" and self.weight[l][i][j] * new < 0:
                            self.weight[l][i][j] = 0.0
                            self.dead[l][i][j] = True
                        else:
                            self.weight[l][i][j] = new
        self._zero_accumulators()


def xor_batches(n_points, batch_size, epochs, seed):
    """The playground's order: every epoch in shuffle.epoch_order, cut into batches."""
    for epoch in range(epochs):
        order = shuffle.epoch_order(n_points, seed, epoch)
        for lo in range(0, n_points, batch_size):
            yield order[lo:lo + batch_size]


def train_both(regularization, rate, epochs=30, watch_dead=False):
    X, y = datasets.make("xor", 200, 0.0, seed=0)
    net = nn.MLP([2, 6, 3, 1], "tanh", "tanh", seed=3)
    tf = TfNetwork(net)
    died_at = {}  # (layer, i, j) -> the step its link died, checked to stay dead and 0 afterwards
    for step, batch in enumerate(xor_batches(len(X), 10, epochs, seed=3)):
        for k in batch:
            tf.back_prop(X[k], y[k])
        tf.update_weights(0.03, regularization, rate)
        net.step(X[batch], y[batch], 0.03, regularization, rate)
        if watch_dead:
            for key in died_at:
                assert net.dead[key[0]][key[1:]] and net.weights[key[0]][key[1:]] == 0.0, key
            for l, d in enumerate(net.dead):
                for i, j in zip(*np.nonzero(d)):
                    died_at.setdefault((l, int(i), int(j)), step)
    return net, tf, died_at


def assert_same(net, tf, tol):
    for l, w in enumerate(net.weights):
        assert np.abs(w - np.array(tf.weight[l])).max() < tol, "weights[%d]" % l
        assert np.array_equal(net.dead[l], np.array(tf.dead[l], dtype=bool)), "dead[%d]" % l
    for l, b in enumerate(net.biases):
        assert np.abs(b - np.array(tf.bias[l])).max() < tol, "biases[%d]" % l


@pytest.mark.parametrize("rate", [0.01, 0.03])
def test_l1_matches_tf_weights_and_dead_links(rate):
    net, tf, died_at = train_both("L1", rate, watch_dead=True)
    n_dead = sum(int(d.sum()) for d in net.dead)
    assert n_dead >= 3, "the test needs links that die; got %d" % n_dead
    assert len(died_at) == n_dead
    assert all(np.all(w[d] == 0.0) for w, d in zip(net.weights, net.dead))
    assert_same(net, tf, 1e-12)


@pytest.mark.parametrize("regularization, rate", [(None, 0.0), ("L2", 0.03)])
def test_no_regularization_and_l2_match_tf(regularization, rate):
    net, tf, _ = train_both(regularization, rate, epochs=10)
    assert not any(d.any() for d in net.dead)
    assert_same(net, tf, 1e-13)


def test_a_dead_link_is_skipped_even_without_regularization():
    net = nn.MLP([1, 1], output_activation="linear")
    net.weights, net.biases = [np.array([[0.01]])], [np.array([0.0])]
    X, y = np.zeros((1, 1)), np.zeros(1)  # zero data gradient: only the penalty acts
    net.step(X, y, 1.0, "L1", 0.1)  # 0.01 - 0.1 crosses zero: dead
    assert net.weights[0][0, 0] == 0.0 and net.dead[0][0, 0]
    net.step(np.ones((1, 1)), np.ones(1), 1.0)  # a data gradient, no penalty: still skipped
    assert net.weights[0][0, 0] == 0.0 and net.dead[0][0, 0]
    assert net.biases[0][0] != 0.0  # the bias still learns


def test_l1_penalty_uses_the_weight_before_the_data_step():
    # TF computes regulDer before the data step. w = 0.05; the data step takes it to -0.005;
    # R'(0.05) = +1 then moves it on to -0.015: no zero crossing, the link lives. (R' of -0.005
    # would have carried it back across zero and killed it.)
    net = nn.MLP([1, 1], output_activation="linear")
    net.weights, net.biases = [np.array([[0.05]])], [np.array([0.0])]
    X, y = np.ones((1, 1)), np.array([-0.005])  # d_w = output - y = 0.055
    net.step(X, y, 1.0, "L1", 0.01)
    assert net.weights[0][0, 0] == pytest.approx(-0.015, abs=1e-15)
    assert not net.dead[0][0, 0]
