"""Reference check of the manifold step of bench/deep-fashion.ts: umap-learn + scikit-learn.

UMAP of the Fashion-MNIST test split (10,000 x 784, pixels / 255) to 10-D (20 neighbours,
minDist 0), then a full-covariance Gaussian mixture (nInit 20), scored by ACC (Hungarian-matched
accuracy) and NMI, the same step as "UMAP + GMM raw" in bench/deep-fashion.ts. With --codes FILE
(a float64 .npy of n x m codes, e.g. an autoencoder's) the codes are embedded instead (N2D).

    apt-get install umap-learn python3-sklearn dataset-fashion-mnist
    /usr/bin/python3 bench/fashion_umap_reference.py [--seed 0] [--codes codes.npy]
"""
import argparse
import gzip
import time

import numpy as np
import umap
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import normalized_mutual_info_score
from sklearn.mixture import GaussianMixture

DIR = "/usr/share/datasets/fashion-mnist"


def idx(path, offset):
    with gzip.open(path) as f:
        return np.frombuffer(f.read(), np.uint8, offset=offset)


def accuracy(y, labels):
    counts = np.zeros((10, 10))
    np.add.at(counts, (y, labels), 1)
    rows, cols = linear_sum_assignment(-counts)
    return counts[rows, cols].sum() / len(y)


def umap_gmm(X, seed):
    """The manifold step: UMAP to 10-D (20 neighbours, minDist 0), then a full GMM (nInit 20); labels."""
    U = umap.UMAP(n_components=10, n_neighbors=20, min_dist=0, random_state=seed).fit_transform(X)
    return GaussianMixture(10, covariance_type="full", n_init=20, random_state=seed).fit(U).predict(U)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--codes")
    args = parser.parse_args()
    y = idx(f"{DIR}/t10k-labels-idx1-ubyte.gz", 8).astype(np.int64)
    X = np.load(args.codes) if args.codes else idx(f"{DIR}/t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784) / 255.0
    t0 = time.time()
    labels = umap_gmm(X, args.seed)
    print(f"{'codes' if args.codes else 'raw'} seed {args.seed}: umap-learn {umap.__version__} + GMM "
          f"ACC {accuracy(y, labels):.3f} NMI {normalized_mutual_info_score(y, labels):.3f} ({time.time() - t0:.0f} s)")


if __name__ == "__main__":
    main()
