#!/usr/bin/python3
"""Writes test/fixtures/pca/*.json: scikit-learn's PCA and IncrementalPCA on small seeded data.

Run with Debian's python:  /usr/bin/python3 scripts/golden/pca.py
test/reduce/pca.test.ts and test/reduce/incremental-pca.test.ts compare against these files:
components up to sign for PCA's exact solvers (signs too, since both follow svd_flip), explained
variances within 1e-10 relative, projections, inverse projections, log-likelihoods and the model
covariance. The randomized solver is compared only on data with a well-separated spectrum.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.decomposition import PCA, IncrementalPCA

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "fixtures", "pca")


def data(seed, n, d, scales):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) @ np.diag(scales)
    # mix the axes so components are not the coordinate axes, and shift the mean
    Q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    return X @ Q.T + rng.uniform(-5, 5, size=d)


def pca_case(name, X, Xnew, **params):
    p = PCA(**params).fit(X)
    out = {
        "name": name,
        "params": {k: v for k, v in params.items() if k != "random_state"},
        "X": X.tolist(),
        "Xnew": Xnew.tolist(),
        "nComponents": int(p.n_components_),
        "components": p.components_.tolist(),
        "explainedVariance": p.explained_variance_.tolist(),
        "explainedVarianceRatio": p.explained_variance_ratio_.tolist(),
        "singularValues": p.singular_values_.tolist(),
        "mean": p.mean_.tolist(),
        "noiseVariance": float(p.noise_variance_),
        "transform": p.transform(Xnew).tolist(),
        "inverseTransform": p.inverse_transform(p.transform(Xnew)).tolist(),
        "covariance": p.get_covariance().tolist(),
    }
    if p.noise_variance_ > 0 or p.n_components_ == X.shape[1]:
        out["scoreSamples"] = p.score_samples(Xnew).tolist()
        out["score"] = float(p.score(Xnew))
    return out


def ipca_case(name, X, Xnew, batches, **params):
    """batches: list of (start, end) for partial_fit; None means fit() with batch_size."""
    p = IncrementalPCA(**params)
    if batches is None:
        p.fit(X)
    else:
        for (a, b) in batches:
            p.partial_fit(X[a:b])
    return {
        "name": name,
        "params": params,
        "batches": batches,
        "X": X.tolist(),
        "Xnew": Xnew.tolist(),
        "nComponents": int(p.n_components_),
        "components": p.components_.tolist(),
        "explainedVariance": p.explained_variance_.tolist(),
        "explainedVarianceRatio": p.explained_variance_ratio_.tolist(),
        "singularValues": p.singular_values_.tolist(),
        "mean": p.mean_.tolist(),
        "var": p.var_.tolist(),
        "noiseVariance": float(p.noise_variance_),
        "nSamplesSeen": int(p.n_samples_seen_),
        "transform": p.transform(Xnew).tolist(),
        "inverseTransform": p.inverse_transform(p.transform(Xnew)).tolist(),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    X1 = data(1, 60, 5, [5.0, 3.0, 2.0, 1.0, 0.5])
    N1 = data(2, 6, 5, [5.0, 3.0, 2.0, 1.0, 0.5])
    X2 = data(3, 8, 12, np.linspace(4, 1, 12))  # fewer samples than features
    N2 = data(4, 4, 12, np.linspace(4, 1, 12))
    X3 = data(5, 150, 12, [30.0, 15.0, 8.0] + [0.3] * 9)  # well separated: randomized comparable
    N3 = data(6, 5, 12, [30.0, 15.0, 8.0] + [0.3] * 9)
    pca = [
        pca_case("full-k3", X1, N1, n_components=3, svd_solver="full"),
        pca_case("full-all", X1, N1, n_components=None, svd_solver="full"),
        pca_case("full-wide", X2, N2, n_components=None, svd_solver="full"),
        pca_case("full-wide-k3", X2, N2, n_components=3, svd_solver="full"),
        pca_case("whiten-k2", X1, N1, n_components=2, whiten=True, svd_solver="full"),
        pca_case("fraction-0.9", X1, N1, n_components=0.9, svd_solver="full"),
        pca_case("fraction-0.5", X1, N1, n_components=0.5, svd_solver="full"),
        pca_case("randomized-k3", X3, N3, n_components=3, svd_solver="randomized", random_state=0),
    ]
    X4 = data(7, 50, 6, [4.0, 3.0, 2.0, 1.5, 1.0, 0.5])
    N4 = data(8, 5, 6, [4.0, 3.0, 2.0, 1.5, 1.0, 0.5])
    ipca = [
        ipca_case("fit-batch12-k3", X4, N4, None, n_components=3, batch_size=12),
        ipca_case("fit-default-batch", X4, N4, None, n_components=2),
        ipca_case("partial-3-batches", X4, N4, [(0, 20), (20, 35), (35, 50)], n_components=3),
        ipca_case("partial-whiten", X4, N4, [(0, 10), (10, 30), (30, 50)], n_components=2, whiten=True),
        ipca_case("fit-all-components", X4, N4, None, n_components=None, batch_size=20),
    ]
    meta = {"source": f"scikit-learn {sklearn.__version__}, numpy {np.__version__}"}
    with open(os.path.join(OUT, "pca.json"), "w") as f:
        json.dump({**meta, "cases": pca}, f, separators=(",", ":"))
    with open(os.path.join(OUT, "incremental-pca.json"), "w") as f:
        json.dump({**meta, "cases": ipca}, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
