#!/usr/bin/python3
"""Writes test/fixtures/gmm/<dataset>.json: scikit-learn GaussianMixture fits from explicit inits.

Run with Debian's python:  /usr/bin/python3 scripts/golden/gmm.py
Every case gives weights_init, means_init and precisions_init, so the fit is deterministic and
test/cluster/gmm.test.ts can compare GaussianMixture against it (means / covariances / weights
within 1e-6, lower bound within 1e-8, identical labels and n_iter).
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.datasets import load_iris, make_blobs
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "fixtures", "gmm")
TYPES = ["full", "tied", "diag", "spherical"]


def datasets():
    iris = load_iris().data
    Xb, _ = make_blobs(
        n_samples=240, centers=4, n_features=3, cluster_std=[1.0, 1.5, 0.5, 2.0], random_state=7
    )
    rng = np.random.RandomState(3)
    Xa, _ = make_blobs(n_samples=200, centers=3, n_features=2, random_state=11)
    # anisotropic, correlated clusters, away from the origin
    Xa = Xa @ np.array([[0.6, -0.6], [-0.4, 0.8]]) + np.array([100.0, -50.0])
    Xa += 0.01 * rng.standard_normal(Xa.shape)
    return {
        "iris": (iris, 3, [0, 50, 100], [0.5, 0.3, 0.8]),
        "blobs": (Xb, 4, [0, 1, 2, 3], [0.4, 0.6, 0.9, 1.3]),
        "aniso": (Xa, 3, [5, 17, 42], [0.3, 0.5, 0.7]),
    }


def inits(X, k, rows, scales, cov_type):
    n, d = X.shape
    weights = np.full(k, 1.0 / k)
    weights[0] += 0.1
    weights[-1] -= 0.1
    means = X[rows] + 0.05 * np.arange(1, d + 1)
    C = np.cov(X.T, bias=True)
    if cov_type == "full":
        prec = np.array([np.linalg.inv(C * s) for s in scales])
        prec = (prec + np.transpose(prec, (0, 2, 1))) / 2
    elif cov_type == "tied":
        prec = np.linalg.inv(C * 0.4)
        prec = (prec + prec.T) / 2
    elif cov_type == "diag":
        prec = np.array([1.0 / (np.diag(C) * s) for s in scales])
    else:
        prec = np.array([1.0 / (np.diag(C).mean() * s) for s in scales])
    return weights, means, prec


def fit_case(X, k, rows, scales, cov_type, **kw):
    weights, means, prec = inits(X, k, rows, scales, cov_type)
    params = dict(n_components=k, covariance_type=cov_type, weights_init=weights, means_init=means,
                  precisions_init=prec, random_state=0, **kw)
    gm = GaussianMixture(**params)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        if kw.get("warm_start"):
            gm.fit(X)
        labels = gm.fit_predict(X)
    probe = X[:4] + 0.5
    return {
        "params": {
            "nComponents": k,
            "covarianceType": cov_type,
            "tol": gm.tol,
            "regCovar": gm.reg_covar,
            "maxIter": gm.max_iter,
            "warmStart": bool(gm.warm_start),
            "weightsInit": weights.tolist(),
            "meansInit": means.tolist(),
            "precisionsInit": prec.tolist(),
        },
        "fitTwice": bool(kw.get("warm_start", False)),
        "expected": {
            "weights": gm.weights_.tolist(),
            "means": gm.means_.ravel().tolist(),
            "covariances": np.ravel(gm.covariances_).tolist(),
            "precisions": np.ravel(gm.precisions_).tolist(),
            "precisionsCholesky": np.ravel(gm.precisions_cholesky_).tolist(),
            "lowerBound": float(gm.lower_bound_),
            "nIter": int(gm.n_iter_),
            "converged": bool(gm.converged_),
            "convergenceWarning": any(issubclass(w.category, ConvergenceWarning) for w in caught),
            "labels": labels.tolist(),
            "predictProbaHead": gm.predict_proba(X[:5]).ravel().tolist(),
            "scoreSamplesHead": gm.score_samples(X[:10]).tolist(),
            "score": float(gm.score(X)),
            "bic": float(gm.bic(X)),
            "aic": float(gm.aic(X)),
            "probe": probe.tolist(),
            "probePredict": gm.predict(probe).tolist(),
            "probeScoreSamples": gm.score_samples(probe).tolist(),
        },
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, (X, k, rows, scales) in datasets().items():
        cases = {}
        for t in TYPES:
            cases[t] = fit_case(X, k, rows, scales, t)
        if name == "iris":
            for t in TYPES:
                # fixed number of iterations, no convergence: NOT_CONVERGED
                cases[f"{t}-tol0-maxIter25"] = fit_case(X, k, rows, scales, t, tol=0.0, max_iter=25)
            cases["full-warmStart"] = fit_case(X, k, rows, scales, "full", max_iter=3, warm_start=True)
            cases["diag-regCovar1e-2"] = fit_case(X, k, rows, scales, "diag", reg_covar=1e-2, tol=1e-6)
        doc = {
            "generator": "scripts/golden/gmm.py",
            "sklearnVersion": sklearn.__version__,
            "dataset": name,
            "X": X.tolist(),
            "cases": cases,
            "tolerance": {"params": 1e-6, "lowerBound": 1e-8},
        }
        path = os.path.join(OUT, f"{name}.json")
        with open(path, "w") as f:
            json.dump(doc, f, separators=(",", ":"))
        print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
