"""Golden fixtures for DBSCAN: scikit-learn 1.2 labels and core samples.

Run with Debian's python (python3-sklearn): /usr/bin/python3 scripts/golden/dbscan.py
Writes test/fixtures/dbscan/<dataset>.json.
"""
import json
import os

import numpy as np
from sklearn.cluster import DBSCAN

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "dbscan")


def blobs(rng, n, d, k, spread, box, noise_frac):
    centers = rng.uniform(-box, box, size=(k, d))
    labels = rng.integers(0, k, size=n)
    X = centers[labels] + rng.normal(scale=spread, size=(n, d))
    m = int(noise_frac * n)
    X[:m] = rng.uniform(-box - 2, box + 2, size=(m, d))
    return X


def run(X, eps, min_samples, metric="euclidean", algorithm="auto", weights=None):
    est = DBSCAN(eps=eps, min_samples=min_samples, metric=metric, algorithm=algorithm)
    est.fit(X, sample_weight=weights)
    return {
        "eps": eps,
        "minSamples": min_samples,
        "metric": metric,
        "algorithm": algorithm,
        "sampleWeight": None if weights is None else [float(w) for w in weights],
        "labels": est.labels_.tolist(),
        "coreSampleIndices": est.core_sample_indices_.tolist(),
        "nClusters": int(est.labels_.max() + 1),
        "nNoise": int((est.labels_ == -1).sum()),
    }


def write(name, X, cases, note):
    os.makedirs(OUT, exist_ok=True)
    doc = {"name": name, "note": note, "X": X.tolist(), "cases": cases}
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(doc, f, separators=(",", ":"))


def main():
    rng = np.random.default_rng(42)
    X2 = blobs(rng, 400, 2, 4, 0.6, 6, 0.1)
    w = rng.integers(1, 4, size=len(X2)).astype(float)
    write(
        "blobs2d",
        X2,
        [run(X2, 0.3, 5), run(X2, 0.5, 10), run(X2, 0.8, 3), run(X2, 1.0, 20), run(X2, 0.6, 4, metric="manhattan"),
         run(X2, 0.3, 8, weights=w), run(X2, 0.5, 5, algorithm="brute")],
        "400 x 2: 4 Gaussian blobs (std 0.6) + 10% uniform noise, default_rng(42).",
    )
    X8 = blobs(rng, 300, 8, 4, 0.8, 6, 0.05)
    write(
        "blobs8d",
        X8,
        [run(X8, 2.0, 10), run(X8, 1.6, 5), run(X8, 2.5, 15), run(X8, 5.0, 5, metric="manhattan")],
        "300 x 8: 4 Gaussian blobs (std 0.8) + 5% uniform noise.",
    )
    U = rng.uniform(0, 10, size=(250, 2))
    write(
        "uniform_border",
        U,
        [run(U, 0.8, 6), run(U, 0.7, 5), run(U, 1.0, 9)],
        "250 uniform points in [0, 10]^2: many small clusters competing for border points.",
    )
    G = np.array([[i, j] for i in range(8) for j in range(6)], dtype=float)
    G = np.vstack([G, [[20, 20]] * 3, [[3.5, 2.5]]])
    write(
        "grid_exact_eps",
        G,
        [run(G, 1.0, 5), run(G, 1.0, 4), run(G, 1.0, 3, metric="manhattan"), run(G, 0.999999, 3)],
        "Integer grid 8 x 6 (neighbours at distance exactly 1 = eps) plus 3 duplicated far points and a centre point.",
    )
    C = np.abs(rng.normal(size=(200, 4))) + np.repeat(np.eye(4) * 3, 50, axis=0)
    write(
        "cosine",
        C,
        [run(C, 0.05, 5, metric="cosine"), run(C, 0.1, 10, metric="cosine")],
        "200 x 4 positive rows around 4 directions; cosine metric.",
    )


if __name__ == "__main__":
    main()
