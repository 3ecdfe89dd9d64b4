"""scikit-learn side of `npm run bench`: one case, one size, on the bytes the JS side wrote.

Run with Debian's /usr/bin/python3 (python3-sklearn). Prints one JSON line like bench/worker.ts.
"""
import json
import resource
import sys
import time

import numpy as np


def status_mb(field):
    """A memory field of /proc/self/status in MB (VmRSS now, VmHWM peak of this address space)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return None


def current_rss_mb():
    return status_mb("VmRSS")


def peak_rss_mb():
    # getrusage's maxrss survives exec, so it can report the parent's size; VmHWM is our own.
    peak = status_mb("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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


def run_dbscan(files, params, d):
    from sklearn.cluster import DBSCAN

    X = load(files["X"], d)

    def once():
        m = DBSCAN(eps=float(params["eps"]), min_samples=int(params["minSamples"])).fit(X)
        return m.labels_, None, float(len(m.core_sample_indices_))

    return once


def run_ward(files, params, d):
    from sklearn.cluster import AgglomerativeClustering

    X = load(files["X"], d)

    def once():
        m = AgglomerativeClustering(n_clusters=int(params["k"]), linkage="ward").fit(X)
        return m.labels_, None, None

    return once


def run_gmm(files, params, d):
    from sklearn.mixture import GaussianMixture

    X = load(files["X"], d)
    means = load(files["means"], d)
    k = means.shape[0]

    def once():
        m = GaussianMixture(n_components=k, covariance_type="full", max_iter=int(params["maxIter"]), tol=0.0,
                            means_init=means, weights_init=np.full(k, 1.0 / k),
                            precisions_init=np.repeat(np.eye(d)[None], k, axis=0), random_state=0).fit(X)
        return m.predict(X), m.n_iter_, float(m.lower_bound_)

    return once


def run_pca(files, params, d):
    from sklearn.decomposition import PCA

    X = load(files["X"], d)

    def once():
        m = PCA(n_components=int(params["nComponents"]), svd_solver="full").fit(X)
        return None, None, float(m.explained_variance_ratio_.sum())

    return once


def run_silhouette(files, params, d):
    from sklearn.metrics import silhouette_score

    X = load(files["X"], d)
    labels = np.fromfile(files["labels"], dtype="<i4")

    def once():
        return None, None, float(silhouette_score(X, labels))

    return once


CASES = {
    "kmeans": run_kmeans,
    "dbscan": run_dbscan,
    "ward": run_ward,
    "gmm": run_gmm,
    "pca": run_pca,
    "silhouette": run_silhouette,
}


def main():
    case, files_json, params_json, d, runs, labels_out = sys.argv[1:7]
    files = json.loads(files_json)
    params = json.loads(params_json)
    once = CASES[case](files, params, int(d))
    loaded_rss_mb = current_rss_mb()
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
        "peakRssMB": peak_rss_mb(),
        "loadedRssMB": loaded_rss_mb,
        "labelsPath": labels_out if labels is not None else None,
    }))


if __name__ == "__main__":
    main()
