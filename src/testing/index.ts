/**
 * segmentkit/testing: the estimator contract suite, seeded data generators and numeric asserts,
 * for segmentkit's own tests and for anyone writing an estimator on segmentkit's contract.
 *
 * @packageDocumentation
 */
export { CHECK_NAMES, checkEstimator, estimatorChecks } from './check-estimator.js';
export type { CheckEstimatorOptions, CheckResult, EstimatorCheck } from './check-estimator.js';
export { makeBlobs, makeCircles, makeMoons } from './generators.js';
export type { LabeledData, MakeBlobsOptions, MakeCirclesOptions, MakeShapesOptions } from './generators.js';
export { adjustedRand, allClose, sameClustering } from './asserts.js';
export type { CloseOptions } from './asserts.js';
