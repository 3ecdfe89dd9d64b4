"""Would a convolutional autoencoder lift Fashion-MNIST clustering? A check in PyTorch, not our code.

On the Fashion-MNIST test split (10,000 x 784, pixels / 255), trains either the dense autoencoder of
bench/deep-fashion.ts (784-256-256-512-10, Gaussian input noise 0.2, Adam 1e-3, batch 64) or a
convolutional one (conv 5x5/2 to 32, 5x5/2 to 64, 3x3/2 to 128 channels, dense to 10; the decoder
mirrors it with transposed convolutions), then scores k-means (nInit 20) and N2D (umap-learn to 10-D,
20 neighbours, minDist 0, then a full Gaussian mixture, nInit 20) on its codes by ACC and NMI. With
--train the autoencoder learns from the 60,000 training images instead (the test split is still
what is clustered). One CPU thread, as our wasm backend. Variants of the conv network, to compare with
ours: --he (He-normal weights, zero biases, as segmentkit), --zero-bias (PyTorch weights, zero biases),
--same ('same' padding in the last encoder convolution: 4x4x128 before the dense layer, as segmentkit
had), --mean-bias (the output bias starts at the mean pixel, as segmentkit now does). --save writes
the codes (for fashion_umap_reference.py --codes); the last epoch's mean loss is printed.

    apt-get install python3-torch umap-learn python3-sklearn dataset-fashion-mnist
    /usr/bin/python3 bench/fashion_convae_check.py --arch conv --epochs 1 [--seed 0] [--train] [--he] [--zero-bias] [--same] [--mean-bias] [--save codes.npy]
"""
import argparse
import time

import numpy as np
import torch
from sklearn.cluster import KMeans
from sklearn.metrics import normalized_mutual_info_score
from torch import nn

from fashion_umap_reference import DIR, accuracy, idx, umap_gmm


def networks(arch, latent, same=False):
    if arch == "dense":
        enc = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(),
                            nn.Linear(256, 512), nn.ReLU(), nn.Linear(512, latent))
        dec = nn.Sequential(nn.Linear(latent, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(),
                            nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 784))
        return enc, dec, (-1, 784)
    enc = nn.Sequential(nn.Conv2d(1, 32, 5, 2, 2), nn.ReLU(), nn.Conv2d(32, 64, 5, 2, 2), nn.ReLU(),
                        nn.Conv2d(64, 128, 3, 2, 1 if same else 0), nn.ReLU(), nn.Flatten(), nn.Linear(128 * (16 if same else 9), latent))
    side = 4 if same else 3
    dec = nn.Sequential(nn.Linear(latent, 128 * side * side), nn.ReLU(), nn.Unflatten(1, (128, side, side)),
                        nn.ConvTranspose2d(128, 64, 3, 2, 1 if same else 0), nn.ReLU(),
                        nn.ConvTranspose2d(64, 32, 5, 2, 2, output_padding=1), nn.ReLU(),
                        nn.ConvTranspose2d(32, 1, 5, 2, 2, output_padding=1), nn.Flatten())
    return enc, dec, (-1, 1, 28, 28)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--arch", choices=["dense", "conv"], default="conv")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--noise", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--train", action="store_true")
    parser.add_argument("--he", action="store_true")
    parser.add_argument("--zero-bias", action="store_true")
    parser.add_argument("--same", action="store_true")
    parser.add_argument("--mean-bias", action="store_true", help="start the output bias at the mean pixel")
    parser.add_argument("--save", help="write the codes as a float64 .npy (for fashion_umap_reference.py --codes)")
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    y = idx(f"{DIR}/t10k-labels-idx1-ubyte.gz", 8).astype(np.int64)
    X = torch.from_numpy((idx(f"{DIR}/t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784) / 255.0).astype(np.float32))
    Xfit = X
    if args.train:
        Xfit = torch.from_numpy((idx(f"{DIR}/train-images-idx3-ubyte.gz", 16).reshape(-1, 784) / 255.0).astype(np.float32))
    enc, dec, shape = networks(args.arch, 10, args.same)
    model = nn.Sequential(enc, dec)
    for mod in model.modules():
        if isinstance(mod, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
            if args.he:
                nn.init.kaiming_normal_(mod.weight, nonlinearity="relu")
            if args.he or args.zero_bias:
                nn.init.zeros_(mod.bias)
    if args.mean_bias:
        last = [m for m in dec.modules() if isinstance(m, (nn.Linear, nn.ConvTranspose2d))][-1]
        nn.init.constant_(last.bias, float(Xfit.mean())) if args.arch == "conv" else last.bias.data.copy_(Xfit.mean(0))
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    t0 = time.time()
    for _ in range(args.epochs):
        epoch_loss = 0.0
        perm = torch.randperm(len(Xfit))
        for i in range(0, len(Xfit), 64):
            xb = Xfit[perm[i:i + 64]]
            xin = xb + args.noise * torch.randn_like(xb) if args.noise > 0 else xb
            loss = ((model(xin.reshape(shape)) - xb) ** 2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            epoch_loss += loss.item() * len(xb) / len(Xfit)
    train_s = time.time() - t0
    with torch.no_grad():
        Z = enc(X.reshape(shape)).numpy().astype(np.float64)
    if args.save:
        np.save(args.save, Z)
    km = KMeans(10, n_init=20, random_state=args.seed).fit_predict(Z)
    n2d = umap_gmm(Z, args.seed)
    print(f"{args.arch} AE, {args.epochs} epochs on {len(Xfit)} rows ({train_s:.0f} s), seed {args.seed}, last epoch's loss {epoch_loss:.4f}: "
          f"AE + k-means ACC {accuracy(y, km):.3f}; N2D ACC {accuracy(y, n2d):.3f} NMI {normalized_mutual_info_score(y, n2d):.3f}")


if __name__ == "__main__":
    main()
