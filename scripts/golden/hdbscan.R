# Golden fixtures for HDBSCAN from R's dbscan package (Hahsler, Piekenbrock and Doran 2019).
# scikit-learn 1.2 has no HDBSCAN. R's hdbscan(x, minPts) uses minPts both as min_samples (the
# core distance counts the point itself) and as min_cluster_size, with excess-of-mass selection.
#
# Run: Rscript scripts/golden/hdbscan.R   (Debian: apt-get install r-cran-dbscan)
# Writes test/fixtures/hdbscan/r-dbscan.json. Numbers are written with sprintf('%.17g').
library(dbscan)

num <- function(v) paste0("[", paste(sprintf("%.17g", v), collapse = ","), "]")
int <- function(v) paste0("[", paste(sprintf("%d", as.integer(v)), collapse = ","), "]")
mat <- function(m) paste0("[", paste(apply(m, 1, num), collapse = ","), "]")

one_case <- function(x, minPts) {
  h <- hdbscan(x, minPts = minPts)
  sprintf('{"minPts":%d,"cluster":%s,"membershipProb":%s,"outlierScores":%s}',
          minPts, int(h$cluster), num(h$membership_prob), num(h$outlier_scores))
}

dataset <- function(name, x, minPtsList, note) {
  cases <- paste(sapply(minPtsList, function(m) one_case(x, m)), collapse = ",")
  sprintf('{"name":"%s","note":"%s","X":%s,"cases":[%s]}', name, note, mat(x), cases)
}

set.seed(1)
blobs <- rbind(
  cbind(rnorm(60, 0, 0.3), rnorm(60, 0, 0.3)),
  cbind(rnorm(60, 6, 1.2), rnorm(60, 0, 1.2)),
  cbind(rnorm(50, 0, 0.6), rnorm(50, 8, 0.6)),
  cbind(runif(15, -4, 10), runif(15, -4, 12))
)
data("moons", package = "dbscan")
moons <- as.matrix(moons)
toy <- matrix(c(0, 0, 0, 1, 1, 0, 1, 1, 0.5, 0.5, 10, 10, 10, 11, 11, 10, 11, 11, 10.5, 10.5, 50, 50), ncol = 2, byrow = TRUE)

out <- paste0("[",
  paste(c(
    dataset("toy", toy, c(3, 4), "two squares and an outlier"),
    dataset("blobs", blobs, c(5, 10, 20), "three Gaussian blobs of different spread plus uniform noise, set.seed(1)"),
    dataset("moons", moons, c(5, 15), "the moons data set shipped with R's dbscan package")
  ), collapse = ","), "]")
writeLines(out, "test/fixtures/hdbscan/r-dbscan.json")
