"""Golden fixtures for src/preprocess: scikit-learn 1.2 scalers, transforms, imputers, encoders,
ColumnTransformer and VarianceThreshold on small seeded data.

Run with Debian's python (python3-sklearn): /usr/bin/python3 scripts/golden/preprocess.py
Writes test/fixtures/preprocess/<case>.json.
"""
import math
import os

import numpy as np
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.feature_selection import VarianceThreshold
from sklearn.impute import KNNImputer, SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import (MaxAbsScaler, MinMaxScaler, OneHotEncoder, OrdinalEncoder,
                                   PowerTransformer, QuantileTransformer, RobustScaler, StandardScaler)

from _fixture import write_fixture  # scripts/golden/_fixture.py

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "preprocess")
os.makedirs(OUT, exist_ok=True)


def dump(name, obj):
    obj = {"generator": "scripts/golden/preprocess.py", "sklearnVersion": sklearn.__version__, **obj}
    write_fixture(OUT, name, obj)


rng = np.random.default_rng(42)
X = np.column_stack([
    rng.normal(50, 10, 40),
    rng.lognormal(3, 1, 40),
    rng.uniform(-5, 5, 40),
    np.full(40, 7.0),  # constant column
])
X[3, 1] = 900.0  # outlier
Xnew = np.column_stack([rng.normal(50, 10, 8), rng.lognormal(3, 1, 8), rng.uniform(-8, 8, 8), np.full(8, 7.0)])

# ---- scalers
scalers = {
    "StandardScaler": (StandardScaler(), {}),
    "MinMaxScaler": (MinMaxScaler(), {}),
    "MinMaxScaler_range": (MinMaxScaler(feature_range=(-1, 2)), {"featureRange": [-1, 2]}),
    "MinMaxScaler_clip": (MinMaxScaler(clip=True), {"clip": True}),
    "RobustScaler": (RobustScaler(), {}),
    "RobustScaler_q": (RobustScaler(quantile_range=(10.0, 90.0), unit_variance=True), {"quantileRange": [10, 90], "unitVariance": True}),
    "RobustScaler_nocenter": (RobustScaler(with_centering=False), {"withCentering": False}),
    "MaxAbsScaler": (MaxAbsScaler(), {}),
}
cases = []
for name, (est, params) in scalers.items():
    est.fit(X)
    cases.append({"estimator": name.split("_")[0], "name": name, "params": params,
                  "fitTransform": est.transform(X), "transformNew": est.transform(Xnew),
                  "inverseNew": est.inverse_transform(Xnew)})
dump("scalers", {"X": X, "Xnew": Xnew, "cases": cases, "rtol": 1e-10})

# ---- SimpleImputer (numeric)
Xm = X[:, :3].copy()
Xm[rng.random(Xm.shape) < 0.2] = np.nan
Xm_new = Xnew[:, :3].copy()
Xm_new[rng.random(Xm_new.shape) < 0.3] = np.nan
cases = []
for strategy in ["mean", "median", "most_frequent", "constant"]:
    for add_indicator in [False, True]:
        kw = {"fill_value": -1.0} if strategy == "constant" else {}
        est = SimpleImputer(strategy=strategy, add_indicator=add_indicator, **kw).fit(Xm)
        params = {"strategy": "mostFrequent" if strategy == "most_frequent" else strategy, "addIndicator": add_indicator}
        if strategy == "constant":
            params["fillValue"] = -1
        cases.append({"params": params, "statistics": est.statistics_, "transform": est.transform(Xm),
                      "transformNew": est.transform(Xm_new), "featureNamesOut": list(est.get_feature_names_out(["a", "b", "c"]))})
# most_frequent with ties and repeated values (rounded data)
Xr = np.round(Xm / 10) * 10
est = SimpleImputer(strategy="most_frequent").fit(Xr)
cases.append({"params": {"strategy": "mostFrequent"}, "X": Xr, "statistics": est.statistics_, "transform": est.transform(Xr)})
Xc = np.array([["red", "S"], [np.nan, "M"], ["blue", np.nan], ["red", "M"], ["green", "S"], [np.nan, "M"]], dtype=object)
est = SimpleImputer(strategy="most_frequent").fit(Xc)
cat_case = {"X": Xc.tolist(), "statistics": est.statistics_.tolist(), "transform": est.transform(Xc).tolist()}
est = SimpleImputer(strategy="constant").fit(Xc)
cat_case["constantStatistics"] = est.statistics_.tolist()
dump("simple-imputer", {"X": Xm, "Xnew": Xm_new, "cases": cases, "categorical": cat_case, "rtol": 1e-10})

# ---- OneHotEncoder / OrdinalEncoder
colors = ["red", "green", "blue", "red", "red", "green", "violet", "red", "blue", "green", "red", "teal", "blue", "red", "green"]
sizes = ["S", "M", "L", "M", "M", "S", "L", "M", "XL", "M", "S", "M", "L", "M", "S"]
stores = [1, 2, 2, 3, 1, 1, 2, 3, 3, 1, 2, 2, 1, 1, 4]
Xe = np.array([colors, sizes, stores], dtype=object).T
Xe[:, 2] = Xe[:, 2].astype(int)
names = ["color", "size", "store"]
Xe_new = np.array([["red", "M", 1], ["teal", "XL", 4], ["blue", "S", 2], ["violet", "L", 3]], dtype=object)
Xe_unknown = np.array([["pink", "M", 1], ["red", "XXL", 9]], dtype=object)
ohe_cases = []
ohe_grid = [
    ({}, {}),
    ({"drop": "first"}, {"drop": "first"}),
    ({"drop": "if_binary"}, {"drop": "if_binary"}),
    ({"handle_unknown": "ignore"}, {"handleUnknown": "ignore"}),
    ({"min_frequency": 3, "handle_unknown": "infrequent_if_exist"}, {"minFrequency": 3, "handleUnknown": "infrequent_if_exist"}),
    ({"min_frequency": 0.2, "handle_unknown": "infrequent_if_exist"}, {"minFrequency": 0.2, "handleUnknown": "infrequent_if_exist"}),
    ({"max_categories": 3, "handle_unknown": "infrequent_if_exist"}, {"maxCategories": 3, "handleUnknown": "infrequent_if_exist"}),
    ({"max_categories": 3, "drop": "first", "handle_unknown": "infrequent_if_exist"}, {"maxCategories": 3, "drop": "first", "handleUnknown": "infrequent_if_exist"}),
    ({"min_frequency": 4, "max_categories": 2, "handle_unknown": "ignore"}, {"minFrequency": 4, "maxCategories": 2, "handleUnknown": "ignore"}),
]
for kw, params in ohe_grid:
    est = OneHotEncoder(sparse_output=False, **kw).fit(Xe)
    case = {"params": params, "transform": est.transform(Xe), "transformNew": est.transform(Xe_new),
            "featureNamesOut": [n.replace("infrequent_sklearn", "infrequent") for n in est.get_feature_names_out(names)]}
    if kw.get("handle_unknown") in ("ignore", "infrequent_if_exist"):
        case["transformUnknown"] = est.transform(Xe_unknown)
    ohe_cases.append(case)
# binary feature for if_binary
Xb = np.array([["yes", "a"], ["no", "b"], ["yes", "c"], ["no", "a"]], dtype=object)
est = OneHotEncoder(sparse_output=False, drop="if_binary").fit(Xb)
bin_case = {"X": Xb.tolist(), "transform": est.transform(Xb), "featureNamesOut": list(est.get_feature_names_out(["answer", "grade"]))}
# missing values as a category
Xn = np.array([["a", 1.0], [np.nan, 2.0], ["b", np.nan], ["a", 2.0]], dtype=object)
est = OneHotEncoder(sparse_output=False).fit(Xn)
nan_case = {"X": [[None if (isinstance(v, float) and math.isnan(v)) else v for v in r] for r in Xn.tolist()],
            "transform": est.transform(Xn), "featureNamesOut": list(est.get_feature_names_out(["letter", "num"]))}
ord_cases = []
est = OrdinalEncoder().fit(Xe)
ord_cases.append({"params": {}, "transform": est.transform(Xe), "transformNew": est.transform(Xe_new)})
est = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1).fit(Xe)
ord_cases.append({"params": {"handleUnknown": "use_encoded_value", "unknownValue": -1}, "transform": est.transform(Xe), "transformUnknown": est.transform(Xe_unknown)})
est = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan).fit(Xe)
ord_cases.append({"params": {"handleUnknown": "use_encoded_value", "unknownValue": "nan"}, "transformUnknown": est.transform(Xe_unknown)})
est = OrdinalEncoder().fit(Xn)
ord_nan = {"transform": est.transform(Xn)}
est = OrdinalEncoder(encoded_missing_value=-1).fit(Xn)
ord_nan["transformMissingCode"] = est.transform(Xn)
dump("encoders", {"names": names, "X": Xe.tolist(), "Xnew": Xe_new.tolist(), "Xunknown": Xe_unknown.tolist(),
                  "oneHot": ohe_cases, "oneHotBinary": bin_case, "oneHotNan": nan_case, "ordinal": ord_cases, "ordinalNan": ord_nan})

# ---- ColumnTransformer: numeric (median impute + scale), categorical (most frequent + one-hot), remainder passthrough
ct_names = ["age", "spend", "plan", "region", "visits"]
ages = rng.integers(18, 70, 30).astype(float)
spend = np.round(rng.lognormal(4, 1, 30), 2)
ages[[2, 9]] = np.nan
spend[5] = np.nan
plans = rng.choice(["free", "pro", "team"], 30).astype(object)
regions = rng.choice(["north", "south", "east", "west"], 30).astype(object)
plans[[1, 7]] = np.nan
regions[4] = np.nan
visits = rng.integers(0, 20, 30).astype(float)
Xt = np.empty((30, 5), dtype=object)
Xt[:, 0], Xt[:, 1], Xt[:, 2], Xt[:, 3], Xt[:, 4] = ages, spend, plans, regions, visits
Xt_new = np.array([[30.0, 12.5, "pro", "north", 3.0], [np.nan, np.nan, np.nan, "mars", 0.0]], dtype=object)
ct = ColumnTransformer([
    ("num", Pipeline([("imp", SimpleImputer(strategy="median")), ("sc", StandardScaler())]), [0, 1]),
    ("cat", Pipeline([("imp", SimpleImputer(strategy="most_frequent")), ("ohe", OneHotEncoder(handle_unknown="ignore", sparse_output=False))]), [2, 3]),
], remainder="passthrough")
out = ct.fit_transform(Xt)


def records(A):
    return [{n: (None if (isinstance(v, float) and math.isnan(v)) else v) for n, v in zip(ct_names, row)} for row in A.tolist()]


dump("column-transformer", {"records": records(Xt), "recordsNew": records(Xt_new), "transform": out.astype(float),
                            "transformNew": ct.transform(Xt_new).astype(float),
                            "featureNamesOut": list(ct.get_feature_names_out(ct_names)), "rtol": 1e-10})
