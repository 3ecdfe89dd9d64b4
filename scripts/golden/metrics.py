"""Golden fixtures for the clustering metrics and the Hungarian kernel.

Run with Debian's python (python3-sklearn 1.2, scipy 1.10): /usr/bin/python3 scripts/golden/metrics.py
Writes test/fixtures/metrics/{external,internal,lsap}.json. Floats are written with repr, so they
round-trip exactly.
"""
import json
import os

import numpy as np
import scipy
import sklearn
from scipy.optimize import linear_sum_assignment
from scipy.spatial.distance import cdist
from sklearn import metrics as M
from sklearn.metrics.cluster import contingency_matrix, pair_confusion_matrix

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "fixtures", "metrics")
AVERAGES = ["arithmetic", "geometric", "min", "max"]


def external_case(name, a, b):
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    h, c, v = M.homogeneity_completeness_v_measure(a, b)
    cont = contingency_matrix(a, b)
    out = {
        "name": name,
        "labelsTrue": a.tolist(),
        "labelsPred": b.tolist(),
        "adjustedRandScore": float(M.adjusted_rand_score(a, b)),
        "randScore": float(M.rand_score(a, b)),
        "mutualInfoScore": float(M.mutual_info_score(a, b)),
        "normalizedMutualInfoScore": {m: float(M.normalized_mutual_info_score(a, b, average_method=m)) for m in AVERAGES},
        "adjustedMutualInfoScore": {m: float(M.adjusted_mutual_info_score(a, b, average_method=m)) for m in AVERAGES},
        "homogeneityScore": float(h),
        "completenessScore": float(c),
        "vMeasureScore": float(v),
        "vMeasureBeta": {str(beta): float(M.v_measure_score(a, b, beta=beta)) for beta in (0.5, 2.0)},
        "fowlkesMallowsScore": float(M.fowlkes_mallows_score(a, b)),
        "pairConfusionMatrix": pair_confusion_matrix(a, b).tolist(),
    }
    if len(a) > 0:
        rows, cols = linear_sum_assignment(cont, maximize=True)
        out["contingency"] = {
            "classes": np.unique(a).tolist(),
            "clusters": np.unique(b).tolist(),
            "data": cont.tolist() if cont.size <= 400 else None,
        }
        out["clusteringAccuracy"] = float(cont[rows, cols].sum() / len(a))
        out["purity"] = float(cont.max(axis=0).sum() / len(a))
    return out


def external_cases():
    rng = np.random.default_rng(5)
    cases = []
    a = rng.integers(0, 4, size=60)
    b = rng.integers(0, 5, size=60)
    cases.append(external_case("random 4 x 5", a, b))
    perm = np.array([3, 0, 2, 1])
    cases.append(external_case("permuted", a, perm[a] + 10))
    # Noisy copy: 80 % of the labels kept.
    noisy = a.copy()
    flip = rng.random(60) < 0.2
    noisy[flip] = rng.integers(0, 4, size=flip.sum())
    cases.append(external_case("noisy copy", a, noisy))
    cases.append(external_case("single cluster both", [0] * 12, [5] * 12))
    cases.append(external_case("single cluster pred", a[:20], [0] * 20))
    cases.append(external_case("single cluster true", [0] * 20, b[:20]))
    cases.append(external_case("all distinct pred", a[:25], list(range(25))))
    cases.append(external_case("all distinct both", list(range(15)), list(range(14, -1, -1))))
    with_noise = b.copy()
    with_noise[rng.random(60) < 0.25] = -1
    cases.append(external_case("with noise -1", a, with_noise))
    sizes = np.repeat([0, 1, 2, 3], [40, 12, 5, 3])
    pred = sizes.copy()
    pred[rng.random(60) < 0.3] = 4
    cases.append(external_case("unequal sizes", sizes, pred))
    cases.append(external_case("one sample", [3], [7]))
    cases.append(external_case("two samples apart", [0, 1], [0, 0]))
    cases.append(external_case("docs opposite", [0, 0, 1, 1], [0, 1, 0, 1]))
    big_a = rng.integers(0, 10, size=500)
    big_b = (big_a + rng.integers(0, 3, size=500)) % 7
    cases.append(external_case("500 samples 10 x 7", big_a, big_b))
    cases.append(external_case("large labels", [100000, 100000, 7, 7, 7], [2, 2, 2, 900000, 900000]))
    return cases


def blobs(rng, n, d, k, spread):
    centers = rng.uniform(-5, 5, size=(k, d))
    labels = rng.integers(0, k, size=n)
    return centers[labels] + rng.normal(scale=spread, size=(n, d)), labels


def internal_case(name, X, labels):
    D = cdist(X, X)
    labels = np.asarray(labels)
    out = {
        "name": name,
        "labels": labels.tolist(),
        "silhouetteScore": {
            "euclidean": float(M.silhouette_score(X, labels)),
            "euclideanExact": float(M.silhouette_score(D, labels, metric="precomputed")),
            "manhattan": float(M.silhouette_score(X, labels, metric="manhattan")),
            "cosine": float(M.silhouette_score(X, labels, metric="cosine")),
        },
        "silhouetteSamplesExact": M.silhouette_samples(D, labels, metric="precomputed").tolist(),
        "calinskiHarabaszScore": float(M.calinski_harabasz_score(X, labels)),
        "daviesBouldinScore": float(M.davies_bouldin_score(X, labels)),
    }
    keep = labels != -1
    if not keep.all():
        Xk, lk = X[keep], labels[keep]
        out["ignoringNoise"] = {
            "silhouetteScore": float(M.silhouette_score(cdist(Xk, Xk), lk, metric="precomputed")),
            "calinskiHarabaszScore": float(M.calinski_harabasz_score(Xk, lk)),
            "daviesBouldinScore": float(M.davies_bouldin_score(Xk, lk)),
        }
    return out


def internal_cases():
    rng = np.random.default_rng(11)
    X, y = blobs(rng, 200, 3, 4, 1.2)
    X = np.round(X, 6)
    cases = [internal_case("true labels", X, y)]
    shuffled = y.copy()
    idx = rng.random(200) < 0.3
    shuffled[idx] = rng.integers(0, 4, size=idx.sum())
    cases.append(internal_case("30% relabelled", X, shuffled))
    noise = y.copy()
    noise[rng.random(200) < 0.1] = -1
    cases.append(internal_case("with noise -1", X, noise))
    singleton = y.copy()
    singleton[0] = 9
    cases.append(internal_case("with a singleton cluster", X, singleton))
    unequal = (X[:, 0] > np.quantile(X[:, 0], 0.9)).astype(int)
    cases.append(internal_case("two unequal halves", X, unequal))
    many = rng.integers(0, 30, size=200)
    cases.append(internal_case("30 random clusters", X, many))
    return {"X": X.tolist(), "cases": cases}


def lsap_case(name, cost, maximize=False, unique=True):
    cost = np.asarray(cost, dtype=float)
    rows, cols = linear_sum_assignment(cost, maximize=maximize)
    return {
        "name": name,
        "cost": [[("Infinity" if v == np.inf else "-Infinity" if v == -np.inf else float(v)) for v in r] for r in cost],
        "maximize": maximize,
        "rowInd": rows.tolist(),
        "colInd": cols.tolist(),
        "total": float(cost[rows, cols].sum()),
        "uniqueOptimum": unique,
    }


def lsap_cases():
    rng = np.random.default_rng(3)
    cases = [
        lsap_case("docs 3 x 3", [[4, 1, 3], [2, 0, 5], [3, 2, 2]]),
        lsap_case("random 6 x 6", rng.random((6, 6))),
        lsap_case("random 4 x 7", rng.random((4, 7))),
        lsap_case("random 7 x 4", rng.random((7, 4))),
        lsap_case("random 20 x 20", rng.normal(size=(20, 20))),
        lsap_case("random 12 x 30 maximize", rng.random((12, 30)), maximize=True),
        lsap_case("random 30 x 12 maximize", rng.random((30, 12)), maximize=True),
        lsap_case("constant 4 x 4", np.ones((4, 4)), unique=False),
        lsap_case("small integers 8 x 8", rng.integers(0, 3, size=(8, 8)), unique=False),
        lsap_case("negative costs", -rng.random((5, 5)) * 100),
        lsap_case("with forbidden cells", [[np.inf, 1, 2], [1, np.inf, 4], [3, 1, np.inf]]),
        lsap_case("1 x 1", [[7.5]]),
        lsap_case("1 x 4", [[3, 1, 2, 0.5]]),
    ]
    return cases


def main():
    os.makedirs(OUT, exist_ok=True)
    meta = {"sklearn": sklearn.__version__, "scipy": scipy.__version__, "numpy": np.__version__}
    docs = {
        "external.json": {"versions": meta, "cases": external_cases()},
        "internal.json": {"versions": meta, **internal_cases()},
        "lsap.json": {"versions": meta, "cases": lsap_cases()},
    }
    for name, doc in docs.items():
        with open(os.path.join(OUT, name), "w") as f:
            json.dump(doc, f, allow_nan=False)
            f.write("\n")


if __name__ == "__main__":
    main()
