#!/usr/bin/python3
"""Writes test/fixtures/datasets/uci.json: what scikit-learn's loaders return, summarised.

Run with Debian's python:  /usr/bin/python3 scripts/golden/datasets.py
test/datasets/uci.test.ts checks loadIris / loadWine / loadDigits against it (shapes, names,
class counts, first and last rows, column sums and sums of squares), so a decoding slip anywhere
in the generated modules shows up.
"""
import json
import os

import sklearn
from sklearn.datasets import load_digits, load_iris, load_wine

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "fixtures", "datasets")


def summary(bunch):
    X, y = bunch.data, bunch.target
    return {
        "shape": list(X.shape),
        "featureNames": [str(f) for f in bunch.feature_names],
        "targetNames": [str(t) for t in bunch.target_names],
        "classCounts": [int((y == k).sum()) for k in range(len(bunch.target_names))],
        "firstRow": X[0].tolist(),
        "lastRow": X[-1].tolist(),
        "target": y.tolist() if len(y) <= 200 else None,
        "targetHead": y[:50].tolist(),
        "columnSums": X.sum(axis=0).tolist(),
        "columnSumsOfSquares": (X * X).sum(axis=0).tolist(),
        "descriptionStart": bunch.DESCR.strip().splitlines()[0],
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    doc = {
        "source": f"scikit-learn {sklearn.__version__} load_iris / load_wine / load_digits",
        "iris": summary(load_iris()),
        "wine": summary(load_wine()),
        "digits": summary(load_digits()),
    }
    path = os.path.join(OUT, "uci.json")
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
    print("wrote", os.path.relpath(path), os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
