"""scikit-learn side of `npm run bench`: one case, one size, on the bytes the JS side wrote.

Run with Debian's /usr/bin/python3 (python3-sklearn). Prints one JSON line like bench/worker.ts.
"""
import json
import resource
import sys
import time

import numpy as np


def load(path, cols):
    return np.fromfile(path, dtype="<f8").reshape(-1, cols)


def run_kmeans(files, params, d):
    from sklearn.cluster import KMeans

    X = load(files["X"], d)
    init = load(files["init"], d)

    def once():
        km = KMeans(n_clusters=int(params["k"]), init=init, n_init=1, max_iter=int(params["maxIter"]),
                    tol=float(params["tol"]), algorithm="lloyd").fit(X)
        return km.labels_, km.n_iter_, km.inertia_

    return once


CASES = {"kmeans": run_kmeans}


def main():
    case, files_json, params_json, d, runs, labels_out = sys.argv[1:7]
    files = json.loads(files_json)
    params = json.loads(params_json)
    once = CASES[case](files, params, int(d))
    out = once()  # warm-up
    times = []
    for _ in range(int(runs)):
        t0 = time.perf_counter()
        out = once()
        times.append(time.perf_counter() - t0)
    labels, iterations, value = out
    if labels is not None:
        np.asarray(labels, dtype="<i4").tofile(labels_out)
    print(json.dumps({
        "medianS": sorted(times)[len(times) // 2],
        "timesS": times,
        "iterations": None if iterations is None else int(iterations),
        "value": None if value is None else float(value),
        "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "labelsPath": labels_out if labels is not None else None,
    }))


if __name__ == "__main__":
    main()
