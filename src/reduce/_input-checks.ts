/**
 * Input checks shared by the neural feature learners (Autoencoder, VAE, DEC/IDEC, BernoulliRBM);
 * free of tfjs so that BernoulliRBM does not pull the deep module in.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../core/errors.js';
import type { FitOptions } from '../core/estimator.js';
import type { Matrix } from '../core/matrix.js';
import { messages } from '../core/messages.js';

/** Checks that every value of X lies in [0, 1] (for 'bce'). */
export function checkUnitInterval(estimator: string, m: Matrix, why: string, input = 'X'): void {
  for (let k = 0; k < m.data.length; k++) {
    const v = m.data[k] as number;
    if (v < 0 || v > 1) throw new ValidationError(messages.deep.outsideUnitInterval(estimator, input, Math.floor(k / m.cols), k % m.cols, v, why));
  }
}

/** Rejects sample weights, which the neural feature learners do not support. */
export function rejectSampleWeight(estimator: string, options: Pick<FitOptions, 'sampleWeight'>): void {
  if (options.sampleWeight !== undefined) throw new ValidationError(messages.deep.noSampleWeight(estimator));
}
