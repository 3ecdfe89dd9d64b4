"""Writing golden fixtures as JSON, shared by the scripts in scripts/golden."""
import json
import math
import os

import numpy as np


def clean(v):
    """JSON-safe: NaN becomes None, numpy scalars become Python ones."""
    if isinstance(v, np.ndarray):
        return clean(v.tolist())
    if isinstance(v, (list, tuple)):
        return [clean(x) for x in v]
    if isinstance(v, dict):
        return {k: clean(x) for k, x in v.items()}
    if isinstance(v, (np.floating, float)):
        return None if math.isnan(v) else float(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, np.bool_):
        return bool(v)
    return v


def write_fixture(folder, name, obj):
    """Writes clean(obj) to <folder>/<name>.json, compact."""
    with open(os.path.join(folder, f"{name}.json"), "w") as f:
        json.dump(clean(obj), f, separators=(",", ":"))
