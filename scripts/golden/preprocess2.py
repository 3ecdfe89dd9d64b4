"""Golden fixtures for the second half of src/preprocess: PowerTransformer, QuantileTransformer,
VarianceThreshold, correlation matrices, KNNImputer and describe-like statistics, with scikit-learn
1.2 / scipy / numpy on small seeded data.

Run with Debian's python (python3-sklearn): /usr/bin/python3 scripts/golden/preprocess2.py
Writes test/fixtures/preprocess/<case>.json.
"""
import os

import numpy as np
import scipy
import scipy.stats
import sklearn
from sklearn.feature_selection import VarianceThreshold
from sklearn.impute import KNNImputer
from sklearn.preprocessing import PowerTransformer, QuantileTransformer

from _fixture import write_fixture  # scripts/golden/_fixture.py

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "preprocess")
os.makedirs(OUT, exist_ok=True)


def dump(name, obj):
    obj = {"generator": "scripts/golden/preprocess2.py", "sklearnVersion": sklearn.__version__,
           "scipyVersion": scipy.__version__, "numpyVersion": np.__version__, **obj}
    write_fixture(OUT, name, obj)


rng = np.random.default_rng(7)

# ---- PowerTransformer
n = 40
Xp = np.column_stack([
    rng.lognormal(3, 1, n),            # right-skewed spend, positive
    rng.exponential(2.0, n) + 0.5,     # positive
    rng.normal(0, 3, n),               # signed
    -rng.lognormal(0, 0.7, n),         # negative, left-skewed
])
Xp_new = np.column_stack([rng.lognormal(3, 1, 6), rng.exponential(2.0, 6) + 0.5, rng.normal(0, 3, 6), -rng.lognormal(0, 0.7, 6)])
cases = []
for method in ["yeo-johnson", "box-cox"]:
    cols = [0, 1, 2, 3] if method == "yeo-johnson" else [0, 1]
    X = Xp[:, cols]
    Xn = Xp_new[:, cols]
    for standardize in [True, False]:
        pt = PowerTransformer(method=method, standardize=standardize).fit(X)
        case = {"params": {"method": method, "standardize": standardize}, "columns": cols,
                "lambdas": pt.lambdas_, "transform": pt.transform(X), "transformNew": pt.transform(Xn),
                "inverseNew": pt.inverse_transform(pt.transform(Xn))}
        if standardize:
            case["mean"] = pt._scaler.mean_
            case["scale"] = pt._scaler.scale_
        cases.append(case)
dump("power-transformer", {"X": Xp, "Xnew": Xp_new, "cases": cases, "lambdaAtol": 1e-7, "rtol": 1e-10})

# ---- QuantileTransformer (subsample >= n_samples: deterministic)
n = 60
Xq = np.column_stack([
    rng.lognormal(2, 1, n),
    np.round(rng.exponential(3, n)),   # many ties
    rng.normal(0, 1, n),
])
Xq_new = np.vstack([np.column_stack([rng.lognormal(2, 1.3, 10), np.round(rng.exponential(3, 10)), rng.normal(0, 1.5, 10)]),
                    [Xq.min(axis=0) - 1, Xq.max(axis=0) + 1, Xq[0], Xq[5]]])
cases = []
for dist in ["uniform", "normal"]:
    for nq in [1000, 25, 7]:
        qt = QuantileTransformer(n_quantiles=nq, output_distribution=dist, subsample=100000).fit(Xq)
        T = qt.transform(Xq_new)
        cases.append({"params": {"nQuantiles": nq, "outputDistribution": dist}, "quantiles": qt.quantiles_,
                      "references": qt.references_, "transform": qt.transform(Xq), "transformNew": T,
                      "inverseNew": qt.inverse_transform(T)})
dump("quantile-transformer", {"X": Xq, "Xnew": Xq_new, "cases": cases, "rtol": 1e-10})

# ---- VarianceThreshold
n = 30
Xv = np.column_stack([
    rng.normal(0, 1, n),
    rng.normal(0, 0.3, n),
    np.full(n, 4.0),                          # constant
    rng.integers(0, 2, n).astype(float),      # binary
    rng.normal(10, 2, n),
])
cases = []
for t in [0.0, 0.1, 0.5]:
    vt = VarianceThreshold(threshold=t).fit(Xv)
    cases.append({"params": {"threshold": t}, "variances": vt.variances_, "support": vt.get_support(),
                  "transform": vt.transform(Xv)})
dump("variance-threshold", {"X": Xv, "cases": cases, "rtol": 1e-10})

# ---- correlation matrices (numpy corrcoef = pandas 'pearson'; scipy spearmanr = pandas 'spearman')
n = 25
base = rng.normal(0, 1, n)
Xc = np.column_stack([
    base,
    2 * base + rng.normal(0, 0.1, n),         # strongly correlated with column 0
    np.round(rng.normal(0, 2, n)),            # ties (for average ranks)
    np.exp(base) + rng.normal(0, 0.05, n),    # monotone in column 0: high spearman
    -base + rng.normal(0, 1, n),
])
dump("correlation", {"X": Xc, "pearson": np.corrcoef(Xc, rowvar=False),
                     "spearman": scipy.stats.spearmanr(Xc).correlation, "rtol": 1e-10})

# ---- KNNImputer (continuous data: no distance ties, so the k nearest donors are unique)
n = 30
Xk = np.column_stack([rng.normal(0, 1, n), rng.normal(5, 2, n), rng.uniform(-1, 1, n), rng.normal(0, 1, n)])
Xk[rng.random(Xk.shape) < 0.2] = np.nan
Xk[7, :3] = np.nan                               # one present coordinate only
Xk_new = np.column_stack([rng.normal(0, 1, 6), rng.normal(5, 2, 6), rng.uniform(-1, 1, 6), rng.normal(0, 1, 6)])
Xk_new[rng.random(Xk_new.shape) < 0.3] = np.nan
Xk_new = np.vstack([Xk_new, np.full(4, np.nan)])  # all missing: column means
exact = Xk[np.flatnonzero(~np.isnan(Xk).any(axis=1))[0]].copy()
exact[1] = np.nan
Xk_new = np.vstack([Xk_new, exact])               # a training row with one cell removed: a zero distance
cases = []
for weights in ["uniform", "distance"]:
    for k in [1, 3, 5]:
        imp = KNNImputer(n_neighbors=k, weights=weights).fit(Xk)
        cases.append({"params": {"nNeighbors": k, "weights": weights}, "transform": imp.transform(Xk),
                      "transformNew": imp.transform(Xk_new)})
imp = KNNImputer(n_neighbors=2, add_indicator=True).fit(Xk)
cases.append({"params": {"nNeighbors": 2, "addIndicator": True}, "transform": imp.transform(Xk),
              "transformNew": imp.transform(Xk_new), "featureNamesOut": list(imp.get_feature_names_out(["a", "b", "c", "d"]))})
dump("knn-imputer", {"X": Xk, "Xnew": Xk_new, "cases": cases, "rtol": 1e-10})

# ---- describe (pandas' describe() numbers, computed with numpy: pairwise sums, ddof=1, linear percentiles)
n = 40
spend = np.round(rng.lognormal(3, 1, n), 2)
spend[[3, 17, 29]] = np.nan
orders = rng.integers(0, 12, n).astype(float)
plan = rng.choice(["free", "pro", "team", "enterprise"], n, p=[0.5, 0.3, 0.15, 0.05]).astype(object)
plan[[5, 6]] = None
summaries = []
for name, col in [("spend", spend), ("orders", orders)]:
    v = col[~np.isnan(col)]
    summaries.append({"name": name, "count": int(v.size), "missing": int(np.isnan(col).sum()), "distinct": int(np.unique(v).size),
                      "mean": v.mean(), "std": v.std(ddof=1), "min": v.min(), "q25": np.percentile(v, 25),
                      "q50": np.percentile(v, 50), "q75": np.percentile(v, 75), "max": v.max()})
present = [p for p in plan if p is not None]
values, counts = np.unique(present, return_counts=True)
summaries.append({"name": "plan", "count": len(present), "missing": n - len(present), "distinct": int(values.size),
                  "counts": {str(a): int(b) for a, b in zip(values, counts)}})
dump("describe", {"columns": {"spend": spend, "orders": orders, "plan": [None if p is None else str(p) for p in plan]},
                  "summaries": summaries, "rtol": 1e-12})

# ---- StandardScaler.partial_fit over batches (with and without sample weights)
from sklearn.preprocessing import StandardScaler  # noqa: E402

Xs = np.column_stack([rng.normal(100, 15, 25), rng.lognormal(2, 1, 25), np.full(25, 3.0)])
batches = [Xs[:7], Xs[7:8], Xs[8:20], Xs[20:]]
ws = [rng.uniform(0.5, 2, len(b)) for b in batches]
cases = []
for weighted in [False, True]:
    sc = StandardScaler()
    steps = []
    for b, w in zip(batches, ws):
        sc.partial_fit(b, sample_weight=w if weighted else None)
        steps.append({"mean": sc.mean_, "var": sc.var_, "scale": sc.scale_, "nSamplesSeen": float(sc.n_samples_seen_)})
    cases.append({"weighted": weighted, "steps": steps, "transform": sc.transform(Xs)})
dump("standard-scaler-partial", {"X": Xs, "batches": [len(b) for b in batches], "weights": [w for w in ws], "cases": cases, "rtol": 1e-12})
