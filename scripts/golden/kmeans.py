"""Golden fixtures for KMeans, MiniBatchKMeans and BisectingKMeans (scikit-learn 1.2).

Run with Debian's python (python3-sklearn): /usr/bin/python3 scripts/golden/kmeans.py
Writes test/fixtures/kmeans/<case>.json. Only deterministic paths are recorded: KMeans from explicit
initial centres, MiniBatchKMeans.partial_fit from explicit centres on a fixed batch sequence with
reassignment_ratio=0, BisectingKMeans on data whose bisections do not depend on the seed.
"""
import json
import os

import numpy as np
from sklearn.cluster import BisectingKMeans, KMeans, MiniBatchKMeans
from sklearn.datasets import load_iris
from sklearn.metrics import adjusted_rand_score

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "kmeans")


def blobs(rng, n, d, k, spread, box=5.0):
    centers = rng.uniform(-box, box, size=(k, d))
    labels = rng.integers(0, k, size=n)
    return centers[labels] + rng.normal(scale=spread, size=(n, d))


def kmeans_case(name, X, init, tol=1e-4, max_iter=300, sample_weight=None, note=""):
    out = {"name": name, "note": note, "X": X.tolist(), "init": init.tolist(), "tol": tol, "maxIter": max_iter}
    if sample_weight is not None:
        out["sampleWeight"] = sample_weight.tolist()
    for algorithm in ("lloyd", "elkan"):
        km = KMeans(n_clusters=init.shape[0], init=init, n_init=1, tol=tol, max_iter=max_iter, algorithm=algorithm)
        km.fit(X, sample_weight=sample_weight)
        out[algorithm] = {
            "labels": km.labels_.tolist(),
            "centers": km.cluster_centers_.tolist(),
            "inertia": float(km.inertia_),
            "nIter": int(km.n_iter_),
        }
    assert out["lloyd"]["labels"] == out["elkan"]["labels"], name
    Xq = X[:7] + 0.25
    km = KMeans(n_clusters=init.shape[0], init=init, n_init=1, tol=tol, max_iter=max_iter).fit(X, sample_weight=sample_weight)
    out["query"] = {
        "X": Xq.tolist(),
        "predict": km.predict(Xq).tolist(),
        "transform": km.transform(Xq).tolist(),
        "score": float(km.score(Xq)),
    }
    return out


def minibatch_case(name, X, init, batches, sample_weight=None, note=""):
    mbk = MiniBatchKMeans(n_clusters=init.shape[0], init=init, n_init=1, reassignment_ratio=0.0, batch_size=len(batches[0]))
    steps = []
    for b in batches:
        sw = None if sample_weight is None else sample_weight[b]
        mbk.partial_fit(X[b], sample_weight=sw)
        steps.append(
            {
                "centers": mbk.cluster_centers_.tolist(),
                "counts": mbk._counts.tolist(),
                "labels": mbk.labels_.tolist(),
                "inertia": float(mbk.inertia_),
            }
        )
    out = {"name": name, "note": note, "X": X.tolist(), "init": init.tolist(), "batches": [list(map(int, b)) for b in batches], "steps": steps}
    if sample_weight is not None:
        out["sampleWeight"] = sample_weight.tolist()
    return out


def bisecting_case(name, X, k, strategy, note=""):
    runs = []
    for seed in range(5):
        bk = BisectingKMeans(n_clusters=k, bisecting_strategy=strategy, random_state=seed, n_init=3).fit(X)
        runs.append(bk)
    # Deterministic enough: every seed gives the same partition (up to label order) and inertia.
    ref = runs[0]
    for r in runs[1:]:
        assert adjusted_rand_score(r.labels_, ref.labels_) == 1.0, name
        assert abs(r.inertia_ - ref.inertia_) <= 1e-9 * ref.inertia_, name
    return {
        "name": name,
        "note": note,
        "X": X.tolist(),
        "nClusters": k,
        "bisectingStrategy": strategy,
        "labels": ref.labels_.tolist(),
        "centers": ref.cluster_centers_.tolist(),
        "inertia": float(ref.inertia_),
    }


def write(doc):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, doc["name"] + ".json"), "w") as f:
        json.dump(doc, f, separators=(",", ":"))


def main():
    rng = np.random.default_rng(20240601)

    X = blobs(rng, 240, 2, 4, 1.2)
    write(kmeans_case("blobs", X, X[[0, 1, 2, 3]].copy(), note="4 overlapping blobs in 2-D, init = first 4 rows"))

    iris = load_iris().data
    write(kmeans_case("iris", iris, iris[[0, 1, 2]].copy(), note="iris, init = first 3 rows (all setosa)"))

    Xr = rng.uniform(-3, 3, size=(200, 3))
    sw = rng.uniform(0.1, 3.0, size=200)
    write(kmeans_case("weighted", Xr, Xr[[5, 17, 33, 71, 120]].copy(), sample_weight=sw, note="uniform random, sample weights"))

    Xe = blobs(rng, 120, 3, 3, 0.6)
    init_e = np.vstack([Xe[[0, 1]], [[50.0, 50.0, 50.0]]])
    write(kmeans_case("empty-cluster", Xe, init_e, note="third initial centre far from all data: relocated to the farthest row"))

    Xt = blobs(rng, 300, 4, 6, 1.5)
    write(kmeans_case("tol0", Xt, Xt[:6].copy(), tol=0.0, note="tol = 0: runs until the labels stop changing"))

    Xm = blobs(rng, 160, 3, 5, 1.0)
    write(kmeans_case("maxiter", Xm, Xm[:5].copy(), max_iter=2, note="maxIter = 2: stops early, labels reassigned to the final centres"))

    # MiniBatchKMeans: fixed batch order, explicit init, no random reassignment.
    Xb = blobs(rng, 300, 3, 4, 1.0)
    order = rng.permutation(300)
    batches = [order[i : i + 50] for i in range(0, 300, 50)]
    write(minibatch_case("minibatch", Xb, Xb[order[:4]].copy(), batches, note="partial_fit on 6 batches of 50"))
    sw_b = rng.uniform(0.5, 2.0, size=300)
    write(minibatch_case("minibatch-weighted", Xb, Xb[order[:4]].copy(), batches, sample_weight=sw_b, note="weighted partial_fit"))

    # BisectingKMeans on well-separated, hierarchically arranged blobs.
    base = np.array([[0, 0], [0, 8], [30, 0], [30, 8], [80, 40], [80, 52]], dtype=float)
    lab = np.repeat(np.arange(6), [40, 35, 30, 25, 20, 15])
    Xh = base[lab] + rng.normal(scale=0.8, size=(len(lab), 2))
    write(bisecting_case("bisecting-inertia", Xh, 6, "biggest_inertia", note="6 separated blobs"))
    write(bisecting_case("bisecting-largest", Xh, 4, "largest_cluster", note="6 separated blobs cut into 4"))


if __name__ == "__main__":
    main()
