"""Golden fixtures for AgglomerativeClustering: scikit-learn 1.2 labels and scipy linkage trees.

Run with Debian's python (python3-sklearn): /usr/bin/python3 scripts/golden/agglomerative.py
Writes test/fixtures/agglomerative/<dataset>.json.
"""
import json
import os

import numpy as np
from scipy.cluster.hierarchy import linkage
from sklearn.cluster import AgglomerativeClustering
from sklearn.datasets import load_iris

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "agglomerative")
SCIPY_METRIC = {"euclidean": "euclidean", "manhattan": "cityblock", "cosine": "cosine"}


def blobs(rng, n, d, k, spread):
    centers = rng.uniform(-5, 5, size=(k, d))
    labels = rng.integers(0, k, size=n)
    return centers[labels] + rng.normal(scale=spread, size=(n, d))


def case(X, linkage_name, metric, n_clusters=None, threshold=None):
    Z = linkage(X, method=linkage_name, metric=SCIPY_METRIC[metric])
    if threshold is None:
        est = AgglomerativeClustering(n_clusters=n_clusters, linkage=linkage_name, metric=metric, compute_distances=True)
    else:
        est = AgglomerativeClustering(n_clusters=None, distance_threshold=threshold, linkage=linkage_name, metric=metric)
    est.fit(X)
    out = {
        "linkage": linkage_name,
        "metric": metric,
        "nClusters": n_clusters,
        "distanceThreshold": threshold,
        "labels": est.labels_.tolist(),
        "nClustersFound": int(est.n_clusters_),
        "sklearnChildren": est.children_.tolist(),
        "sklearnDistances": [float(v) for v in est.distances_],
        "children": Z[:, :2].astype(int).tolist(),
        "distances": [float(v) for v in Z[:, 2]],
        "counts": Z[:, 3].astype(int).tolist(),
    }
    return out


def write(name, X, cases, note):
    os.makedirs(OUT, exist_ok=True)
    doc = {"name": name, "note": note, "X": X.tolist(), "cases": cases}
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(doc, f, separators=(",", ":"))


def all_cases(X, n_clusters, metrics, thresholds):
    cases = []
    for link in ["ward", "complete", "average", "single"]:
        for metric in metrics:
            if link == "ward" and metric != "euclidean":
                continue
            cases.append(case(X, link, metric, n_clusters=n_clusters))
    for link, metric, t in thresholds:
        cases.append(case(X, link, metric, threshold=t))
    return cases


def main():
    rng = np.random.default_rng(0)
    iris = load_iris().data
    write(
        "iris",
        iris,
        all_cases(iris, 3, ["euclidean", "manhattan", "cosine"], [("ward", "euclidean", 10.0), ("average", "euclidean", 1.5), ("single", "manhattan", 0.5)]),
        "Iris (150 x 4, has duplicated rows: ties at height 0). scipy linkage + sklearn AgglomerativeClustering(n_clusters=3).",
    )
    X = blobs(rng, 80, 3, 4, 1.0)
    write(
        "blobs",
        X,
        all_cases(X, 4, ["euclidean", "manhattan", "cosine"], [("ward", "euclidean", 5.0), ("complete", "cosine", 0.3)]),
        "80 x 3 Gaussian blobs (4 centres), numpy default_rng(0).",
    )
    G = np.array([[i, j] for i in range(6) for j in range(5)], dtype=float)
    G = np.vstack([G, G[:7]])  # duplicates on purpose
    write(
        "grid",
        G,
        all_cases(G, 5, ["euclidean", "manhattan"], [("single", "euclidean", 1.0)]),
        "Integer grid 6 x 5 plus 7 duplicated rows: many tied distances.",
    )


if __name__ == "__main__":
    main()
