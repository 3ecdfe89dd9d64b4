/**
 * Private: the log-gamma function for the expected mutual information.
 *
 * @packageDocumentation
 */

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * log(Gamma(x)) for x > 0, accurate to a few ulps: Stirling's series with five correction terms
 * for x >= 15, and the recurrence Gamma(x) = Gamma(x + m) / (x (x + 1) ... (x + m - 1)) below.
 */
export function gammaln(x: number): number {
  let shift = 0;
  let prod = 1;
  while (x < 15) {
    prod *= x;
    x += 1;
    shift++;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))));
  const value = (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + series;
  return shift === 0 ? value : value - Math.log(prod);
}
