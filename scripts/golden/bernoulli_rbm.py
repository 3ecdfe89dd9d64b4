#!/usr/bin/python3
"""Writes test/fixtures/bernoulli_rbm/*.json: scikit-learn's BernoulliRBM with every random draw recorded.

Run with Debian's python:  /usr/bin/python3 scripts/golden/bernoulli_rbm.py
A RandomState subclass records the initial weights (normal draws), the uniform draws of training
(in order) and the flipped indices of score_samples. test/reduce/bernoulli-rbm.test.ts replays the
uniforms through segmentkit's kernels from the same initial weights and compares the fitted
weights, transform and pseudo-likelihoods.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.neural_network import BernoulliRBM

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "fixtures", "bernoulli_rbm")


class Recording(np.random.RandomState):
    def __init__(self, seed):
        super().__init__(seed)
        self.normals = []
        self.uniforms = []
        self.ints = []

    def normal(self, *args, **kwargs):
        out = super().normal(*args, **kwargs)
        self.normals.extend(np.ravel(out).tolist())
        return out

    def uniform(self, *args, **kwargs):
        out = super().uniform(*args, **kwargs)
        self.uniforms.extend(np.ravel(out).tolist())
        return out

    def randint(self, *args, **kwargs):
        out = super().randint(*args, **kwargs)
        self.ints.extend(np.ravel(out).tolist())
        return out


def case(name, X, **params):
    rs = Recording(0)
    rbm = BernoulliRBM(random_state=rs, **params).fit(X)
    uniforms = list(rs.uniforms)
    scores = rbm.score_samples(X)
    out = {
        "sklearn": sklearn.__version__,
        "params": params,
        "X": X.tolist(),
        "initialComponents": rs.normals,
        "uniforms": uniforms,
        "components": rbm.components_.tolist(),
        "interceptHidden": rbm.intercept_hidden_.tolist(),
        "interceptVisible": rbm.intercept_visible_.tolist(),
        "transform": rbm.transform(X).tolist(),
        "flip": rs.ints,
        "scoreSamples": scores.tolist(),
        "tol": 1e-10,
    }
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, f"{name}.json"), "w") as f:
        json.dump(out, f)
    print(name, len(uniforms), "uniforms")


rng = np.random.default_rng(7)
binary = (rng.uniform(size=(23, 6)) < np.array([0.2, 0.8, 0.5, 0.5, 0.1, 0.9])).astype(float)
case("binary", binary, n_components=4, learning_rate=0.1, batch_size=5, n_iter=3)
unit = rng.uniform(size=(15, 5)) ** 2
case("unit_interval", unit, n_components=3, learning_rate=0.05, batch_size=4, n_iter=4)
case("batch_larger_than_data", binary[:7], n_components=2, learning_rate=0.2, batch_size=10, n_iter=2)
