/**
 * segmentkit: customer segmentation for JavaScript and TypeScript.
 *
 * Named re-exports only, grouped by family.
 *
 * @packageDocumentation
 */

// ---- core
export { AbortError, ConvergenceError, InvalidParameterError, NotFittedError, SegmentationError, SerializationError, ValidationError } from './core/errors.js';
export type { ErrorCode } from './core/errors.js';
export { copyMatrix, isMatrix, isMatrixLike, matrix, row, takeRows, toRows } from './core/matrix.js';
export type { Matrix, MatrixInput, MatrixLike } from './core/matrix.js';
export { validateLabels, validateMatrix, validateSampleWeight } from './core/validation.js';
export type { ValidateMatrixOptions } from './core/validation.js';
export { freshSeed, MAX_SEED, resolveSeed, Rng } from './core/random.js';
export type { RandomState } from './core/random.js';
export { abortSignal, bool, custom, func, int, isNull, matrixLike, num, numberArray, oneOf, seed, validateParams } from './core/params.js';
export type { Constraint, ParamConstraints, RangeOptions } from './core/params.js';
export { BaseEstimator, throwIfAborted } from './core/estimator.js';
export type { AnyEstimator, BaseState, EstimatorClass, EstimatorStatics, FitOptions, Progress } from './core/estimator.js';
export { isClusterer, isInductiveClusterer, isSoftClusterer, isTransformer } from './core/families.js';
export type { Clusterer, Estimator, InductiveClusterer, InvertibleTransformer, SoftClusterer, Transformer } from './core/families.js';
export { assertLengths, assertSafeJson, encodeTyped, field, FORMAT, FORMAT_VERSION, fromBase64, toBase64 } from './core/serialize.js';
export type { DecodeContext, EstimatorJSON, FieldSpec, StateSchema, TypedName } from './core/serialize.js';
export { setWarningHandler, WarningCollector } from './core/warnings.js';
export type { SegmentWarning, WarningCode, WarningHandler } from './core/warnings.js';
export { defaultFeatureNames } from './core/feature-names.js';
export { estimatorClass, fromJSON, registeredEstimators, registerEstimator } from './registry.js';
export { Pipeline, PIPELINE_DEFAULTS, pipeline } from './core/pipeline.js';
export type {
  ClusterPipeline,
  ClusterPipelineBase,
  ClustererWithPredict,
  ClustererWithPredictProba,
  ClustererWithScores,
  ClustererWithTransform,
  PredictMembers,
  PredictProbaMembers,
  ScoreMembers,
  TransformMembers,
  FirstStep,
  InputOf,
  MatrixClusterer,
  MatrixTransformer,
  NoNames,
  PipelineBase,
  PipelineOptions,
  PipelineParamChanges,
  StepParamEntry,
  PipelineParams,
  PipelineStep,
  TransformerPipeline,
} from './core/pipeline.js';

// ---- preprocess
export { STANDARD_SCALER_DEFAULTS, StandardScaler } from './preprocess/standard-scaler.js';
export type { StandardScalerOptions, StandardScalerParams } from './preprocess/standard-scaler.js';
export { MIN_MAX_SCALER_DEFAULTS, MinMaxScaler } from './preprocess/minmax-scaler.js';
export type { MinMaxScalerOptions, MinMaxScalerParams } from './preprocess/minmax-scaler.js';
export { ROBUST_SCALER_DEFAULTS, RobustScaler } from './preprocess/robust-scaler.js';
export type { RobustScalerOptions, RobustScalerParams } from './preprocess/robust-scaler.js';
export { MAX_ABS_SCALER_DEFAULTS, MaxAbsScaler } from './preprocess/maxabs-scaler.js';
export type { MaxAbsScalerOptions, MaxAbsScalerParams } from './preprocess/maxabs-scaler.js';
export { SIMPLE_IMPUTER_DEFAULTS, SimpleImputer } from './preprocess/simple-imputer.js';
export type { SimpleImputerOptions, SimpleImputerParams, Statistic } from './preprocess/simple-imputer.js';
export { ONE_HOT_ENCODER_DEFAULTS, OneHotEncoder } from './preprocess/one-hot-encoder.js';
export type { HandleUnknown, OneHotEncoderOptions, OneHotEncoderParams } from './preprocess/one-hot-encoder.js';
export { ORDINAL_ENCODER_DEFAULTS, OrdinalEncoder } from './preprocess/ordinal-encoder.js';
export type { OrdinalEncoderOptions, OrdinalEncoderParams } from './preprocess/ordinal-encoder.js';
export type { Category } from './preprocess/_categories.js';
export { isMissing, isTable, numericColumn, readFittedTable, readTable, tableToMatrix } from './preprocess/table.js';
export type { ArqueroLikeTable, ArrowLikeTable, CellRows, Column, ColumnSet, ColumnsTable, ReadTableOptions, RecordsTable, Table, TableInput, TableRecord } from './preprocess/table.js';
export { DATE_FEATURES_DEFAULTS, DateFeatures } from './preprocess/date-features.js';
export type { DateFeature, DateFeaturesOptions, DateFeaturesParams } from './preprocess/date-features.js';
export { COLUMN_TRANSFORMER_DEFAULTS, ColumnTransformer } from './preprocess/column-transformer.js';
export type { ColumnGroup, ColumnStep, ColumnTransformerOptions, ColumnTransformerParams, FeatureSource } from './preprocess/column-transformer.js';
export { columnTransformerFor, inferColumnTypes } from './preprocess/infer-column-types.js';
export type { ColumnTransformerForOptions, ColumnType, ColumnTypeProposal, InferColumnTypesOptions, InferredColumnTypes } from './preprocess/infer-column-types.js';
export { VARIANCE_THRESHOLD_DEFAULTS, VarianceThreshold } from './preprocess/variance-threshold.js';
export type { VarianceThresholdOptions, VarianceThresholdParams } from './preprocess/variance-threshold.js';
export { CORRELATION_FILTER_DEFAULTS, CorrelationFilter } from './preprocess/correlation-filter.js';
export type { CorrelationFilterOptions, CorrelationFilterParams, DroppedFeature } from './preprocess/correlation-filter.js';
export { correlationMatrix } from './preprocess/correlation-matrix.js';
export type { CorrelationMatrixOptions, CorrelationMethod } from './preprocess/correlation-matrix.js';
export { IQR_OUTLIERS_DEFAULTS, IQROutliers } from './preprocess/iqr-outliers.js';
export type { IQROutliersOptions, IQROutliersParams } from './preprocess/iqr-outliers.js';
export { ISOLATION_FOREST_DEFAULTS, IsolationForest } from './preprocess/isolation-forest.js';
export type { IsolationForestOptions, IsolationForestParams } from './preprocess/isolation-forest.js';
export { describe } from './preprocess/describe.js';
export type { ColumnSummary, DescribeOptions, ValueCount } from './preprocess/describe.js';
export { KNN_IMPUTER_DEFAULTS, KNNImputer } from './preprocess/knn-imputer.js';
export type { KNNImputerOptions, KNNImputerParams, MatrixWithMissing } from './preprocess/knn-imputer.js';
export { LOG_TRANSFORMER_DEFAULTS, LogTransformer } from './preprocess/log-transformer.js';
export type { LogTransformerOptions, LogTransformerParams } from './preprocess/log-transformer.js';
export { POWER_TRANSFORMER_DEFAULTS, PowerTransformer } from './preprocess/power-transformer.js';
export type { PowerTransformerOptions, PowerTransformerParams } from './preprocess/power-transformer.js';
export { QUANTILE_TRANSFORMER_DEFAULTS, QuantileTransformer } from './preprocess/quantile-transformer.js';
export type { QuantileTransformerOptions, QuantileTransformerParams } from './preprocess/quantile-transformer.js';
export { RFM_SEGMENT_RULES, rfm, rfmScores, rfmSegments } from './preprocess/rfm.js';
export type { RfmOptions, RfmScores, RfmScoresOptions, RfmSegmentRule, RfmSegmentsOptions, RfmTable } from './preprocess/rfm.js';

// ---- reduce
export { PCA, PCA_DEFAULTS } from './reduce/pca.js';
export type { PCAComponentLoadings, PCAFeatureLoading, PCAOptions, PCAParams, PCASolver } from './reduce/pca.js';
export { INCREMENTAL_PCA_DEFAULTS, IncrementalPCA } from './reduce/incremental-pca.js';
export type { IncrementalPCAOptions, IncrementalPCAParams } from './reduce/incremental-pca.js';
export { UMAP, UMAP_DEFAULTS } from './reduce/umap.js';
export type { UMAPMetric, UMAPOptions, UMAPParams } from './reduce/umap.js';
export { Autoencoder, AUTOENCODER_DEFAULTS, DEC_PRESET } from './reduce/autoencoder.js';
export type { AutoencoderOptions, AutoencoderParams, DeepFitOptions } from './reduce/autoencoder.js';
export { sampleRecords, VAE, VAE_DEFAULTS } from './reduce/vae.js';
export type { SamplingPipeline, VAEOptions, VAEParams, VAESampleOptions } from './reduce/vae.js';
export { BERNOULLI_RBM_DEFAULTS, BernoulliRBM } from './reduce/bernoulli-rbm.js';
export type { BernoulliRBMOptions, BernoulliRBMParams, GibbsOptions } from './reduce/bernoulli-rbm.js';

// ---- cluster
export { KMEANS_DEFAULTS, KMeans } from './cluster/kmeans.js';
export type { KMeansOptions, KMeansParams } from './cluster/kmeans.js';
export { MINIBATCH_KMEANS_DEFAULTS, MiniBatchKMeans } from './cluster/minibatch-kmeans.js';
export type { MiniBatchKMeansOptions, MiniBatchKMeansParams } from './cluster/minibatch-kmeans.js';
export { BISECTING_KMEANS_DEFAULTS, BisectingKMeans } from './cluster/bisecting-kmeans.js';
export type { BisectingKMeansOptions, BisectingKMeansParams, BisectingTree } from './cluster/bisecting-kmeans.js';
export { AGGLOMERATIVE_DEFAULTS, AgglomerativeClustering } from './cluster/agglomerative.js';
export type { AgglomerativeClusteringOptions, AgglomerativeClusteringParams, Dendrogram, DendrogramMerge, LinkageCriterion } from './cluster/agglomerative.js';
export { DBSCAN, DBSCAN_DEFAULTS } from './cluster/dbscan.js';
export type { DBSCANOptions, DBSCANParams } from './cluster/dbscan.js';
export { HDBSCAN, HDBSCAN_DEFAULTS } from './cluster/hdbscan.js';
export type { HDBSCANOptions, HDBSCANParams } from './cluster/hdbscan.js';
export { GAUSSIAN_MIXTURE_DEFAULTS, GaussianMixture } from './cluster/gmm.js';
export type {
  CovarianceType,
  GaussianMixtureCovariances,
  GaussianMixtureInit,
  GaussianMixtureOptions,
  GaussianMixtureParams,
  GaussianMixturePrecisionsInit,
  GaussianMixtureSample,
} from './cluster/gmm.js';
export { DEC, DEC_DEFAULTS, DeepClusteringBase } from './cluster/dec.js';
export type { DECFitOptions, DECOptions, DECParams, DeepClusteringState } from './cluster/dec.js';
export { IDEC, IDEC_DEFAULTS } from './cluster/idec.js';
export type { IDECOptions, IDECParams } from './cluster/idec.js';

// ---- deep
export { getBackend, setBackend } from './deep/backend.js';
export type { DeepProgress, OptimizerKind } from './deep/train.js';
export type { Activation, ConvShape, DenseWeights } from './deep/network.js';
export type { ConvGeometry, ConvPadding } from './deep/conv.js';
export type { Denoising, ReconstructionLoss } from './deep/autoencoder-core.js';

// ---- linalg
export {
  condensedDistances,
  condensedIndex,
  distanceRow,
  firstZeroRow,
  manhattan,
  normalizeRows,
  pairDistance,
  rowNorms,
  safeScale,
  scaleData,
  squaredEuclidean,
} from './linalg/distances.js';
export type { DistanceMetric } from './linalg/distances.js';
export { KDTree } from './linalg/kd-tree.js';
export { linearSumAssignment } from './linalg/hungarian.js';
export type { LinearSumAssignmentOptions, LinearSumAssignmentResult } from './linalg/hungarian.js';
export type { KDTreeMask, KDTreeMetric, KDTreeOptions } from './linalg/kd-tree.js';

// ---- metrics
export { clusteringAccuracy, purity } from './metrics/accuracy.js';
export { calinskiHarabaszScore } from './metrics/calinski-harabasz.js';
export type { InternalIndexOptions } from './metrics/calinski-harabasz.js';
export { contingencyMatrix } from './metrics/contingency.js';
export type { ContingencyMatrix } from './metrics/contingency.js';
export { daviesBouldinScore } from './metrics/davies-bouldin.js';
export { fowlkesMallowsScore } from './metrics/fowlkes-mallows.js';
export { completenessScore, homogeneityCompletenessVMeasure, homogeneityScore, vMeasureScore } from './metrics/homogeneity.js';
export type { HomogeneityCompletenessVMeasure, VMeasureOptions } from './metrics/homogeneity.js';
export { inertia } from './metrics/inertia.js';
export type { InertiaOptions } from './metrics/inertia.js';
export { adjustedMutualInfoScore, mutualInfoScore, normalizedMutualInfoScore } from './metrics/mutual-info.js';
export type { AverageMethod, MutualInfoOptions } from './metrics/mutual-info.js';
export type { NoiseHandling } from './metrics/_internal.js';
export { adjustedRandScore, pairConfusionMatrix, randScore } from './metrics/rand.js';
export { silhouetteSamples, silhouetteScore } from './metrics/silhouette.js';
export type { SilhouetteMetric, SilhouetteSamplesOptions, SilhouetteScoreOptions } from './metrics/silhouette.js';

// ---- selection
export type { SelectableModel } from './selection/_model.js';
export { elbow } from './selection/elbow.js';
export type { ElbowOptions, ElbowResult } from './selection/elbow.js';
export { gapStatistic } from './selection/gap-statistic.js';
export type { GapStatisticOptions, GapStatisticResult } from './selection/gap-statistic.js';
export { selectMixture } from './selection/select-mixture.js';
export type { MixtureCandidate, MixtureCovarianceType, MixtureModel, SelectMixtureOptions, SelectMixtureResult } from './selection/select-mixture.js';
export { bootstrapStability, comparePartitions } from './selection/stability.js';
export type { BootstrapStabilityOptions, BootstrapStabilityResult, PartitionComparison } from './selection/stability.js';
export { sweepK } from './selection/sweep-k.js';
export type { Recommendation, SweepKOptions, SweepKResult, SweepKRow, SweepMetric } from './selection/sweep-k.js';

// ---- segment
export { loadSegmentation, SEGMENT_DEFAULTS, segment, Segmentation, SEGMENTATION_FORMAT } from './segment/segment.js';
export type {
  SegmentAlgorithm,
  SegmentationJSON,
  SegmentationParts,
  SegmentClusterer,
  SegmentColumns,
  SegmentColumnsOption,
  SegmentOptions,
  SegmentPipeline,
  SegmentSelection,
  SegmentSweepRow,
} from './segment/segment.js';
export { formatSegmentTable, profileSegments } from './segment/profile.js';
export type { CategoryShare, FormatSegmentTableOptions, NumericProfile, ProfileOptions, ProfileRecords, SegmentProfile, SegmentProfiles } from './segment/profile.js';
export { ALIGN_SEGMENTS_DEFAULTS, alignSegments } from './segment/align.js';
export type { AlignSegmentsOptions, CustomerId, LabeledSnapshot, SegmentAlignment, SegmentCenters, SegmentMatch } from './segment/align.js';
export { featureDrift, populationStabilityIndex, psiLevel, segmentDrift } from './segment/drift.js';
export type { FeatureDrift, FeatureDriftOptions, PsiLevel, PsiOptions, SegmentDriftOptions, SegmentDriftReport, SegmentFlow } from './segment/drift.js';
export {
  DIVERGING_COLORS,
  elbowSpec,
  JUPYTER_DISPLAY,
  NOISE_COLOR,
  Plot,
  profileHeatmapSpec,
  renderSvg,
  SEGMENT_PALETTE,
  segmentScatterSpec,
  segmentSizesSpec,
  show,
  silhouetteSpec,
  VEGA_LITE_SCHEMA,
} from './segment/plots.js';
export type {
  DisplayBundle,
  ElbowSpecOptions,
  PlotKind,
  ProfileSpecOptions,
  ScatterSpecOptions,
  SegmentNames,
  SilhouetteSpecOptions,
  VegaLiteSpec,
} from './segment/plots.js';
