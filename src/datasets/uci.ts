/**
 * The classic UCI datasets scikit-learn bundles (iris, wine, digits), shipped as generated modules
 * in `./_data/` and decoded on each call.
 *
 * @packageDocumentation
 */
import type { Matrix } from '../core/matrix.js';
import { DIGITS_DESCRIPTION, DIGITS_FEATURE_NAMES, DIGITS_IMAGES, DIGITS_SHAPE, DIGITS_TARGET, DIGITS_TARGET_NAMES } from './_data/digits.js';
import { IRIS_DATA, IRIS_DESCRIPTION, IRIS_FEATURE_NAMES, IRIS_SHAPE, IRIS_TARGET, IRIS_TARGET_NAMES } from './_data/iris.js';
import { WINE_DATA, WINE_DESCRIPTION, WINE_FEATURE_NAMES, WINE_SHAPE, WINE_TARGET, WINE_TARGET_NAMES } from './_data/wine.js';

/**
 * A labelled dataset: a feature matrix, one class index per row and the names of both.
 *
 * @remarks
 * Every loader returns fresh arrays, so callers may mutate them freely.
 */
export interface Dataset {
  /** Feature values, one row per sample (row-major `Float64Array`). */
  readonly data: Matrix;
  /** Class index of each row, in `[0, targetNames.length)`. */
  readonly target: Int32Array;
  /** One name per column of `data` (scikit-learn's names). */
  readonly featureNames: string[];
  /** One name per class: `targetNames[target[i]]` is the class of row i. */
  readonly targetNames: string[];
  /** The dataset card: source, attributes, creators and references (reStructuredText). */
  readonly description: string;
}

function decodeTarget(s: string): Int32Array {
  const out = new Int32Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) - 48;
  return out;
}

function tableDataset(
  shape: readonly [number, number],
  values: readonly number[],
  target: string,
  featureNames: readonly string[],
  targetNames: readonly string[],
  description: string,
): Dataset {
  const [rows, cols] = shape;
  return {
    data: { rows, cols, data: Float64Array.from(values) },
    target: decodeTarget(target),
    featureNames: [...featureNames],
    targetNames: [...targetNames],
    description,
  };
}

/**
 * Loads the iris dataset: 150 flowers, 4 measurements in cm, 3 species (50 each).
 *
 * @remarks
 * Fisher's (1936) data as scikit-learn ships it (the corrected version, same as R's, which differs
 * from the UCI file in two points). One class (setosa) is linearly separable from the other two;
 * versicolor and virginica overlap. O(150 x 4) to decode. Licence: CC BY 4.0 (UCI Machine Learning
 * Repository); creator R. A. Fisher, donor Michael Marshall. See `description` for references.
 *
 * @returns fresh arrays on every call
 * @example
 * ```ts
 * import { loadIris } from 'segmentkit/datasets';
 * const { data, target, targetNames } = loadIris();
 * console.log(data.rows, data.cols, targetNames[target[0]]); // 150 4 'setosa'
 * ```
 */
export function loadIris(): Dataset {
  return tableDataset(IRIS_SHAPE, IRIS_DATA, IRIS_TARGET, IRIS_FEATURE_NAMES, IRIS_TARGET_NAMES, IRIS_DESCRIPTION);
}

/**
 * Loads the wine recognition dataset: 178 wines, 13 chemical measurements, 3 cultivars
 * (59 / 71 / 48).
 *
 * @remarks
 * Forina et al.'s chemical analysis of wines from one region of Italy, as scikit-learn ships it.
 * The features have very different scales (proline is in the hundreds, hue near 1): standardize
 * before distance-based clustering. O(178 x 13) to decode. Licence: CC BY 4.0 (UCI Machine
 * Learning Repository). See `description` for references.
 *
 * @returns fresh arrays on every call
 * @example
 * ```ts
 * import { loadWine } from 'segmentkit/datasets';
 * const wine = loadWine();
 * console.log(wine.data.rows, wine.data.cols, wine.featureNames[12]); // 178 13 'proline'
 * ```
 */
export function loadWine(): Dataset {
  return tableDataset(WINE_SHAPE, WINE_DATA, WINE_TARGET, WINE_FEATURE_NAMES, WINE_TARGET_NAMES, WINE_DESCRIPTION);
}

/**
 * Loads the optical handwritten digits dataset: 1797 images of 8x8 pixels with integer values
 * 0..16, 10 classes (the digits 0-9).
 *
 * @remarks
 * The test set of Alpaydin and Kaynak's UCI digits (1998), as scikit-learn's `load_digits`
 * returns it. Column `8 * r + c` is pixel (r, c), named `pixel_r_c`. Stored as one base-17 digit per
 * pixel (about 115 KB before compression) and decoded in O(1797 x 64). Licence: CC BY 4.0 (UCI
 * Machine Learning Repository). See `description` for references.
 *
 * @returns fresh arrays on every call
 * @example
 * ```ts
 * import { loadDigits } from 'segmentkit/datasets';
 * const digits = loadDigits();
 * console.log(digits.data.rows, digits.data.cols, digits.targetNames.length); // 1797 64 10
 * ```
 */
export function loadDigits(): Dataset {
  const [rows, cols] = DIGITS_SHAPE;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const img = DIGITS_IMAGES[i] as string;
    const off = i * cols;
    for (let j = 0; j < cols; j++) {
      const c = img.charCodeAt(j);
      // '0'-'9' are 48-57, 'a'-'g' are 97-103
      data[off + j] = c <= 57 ? c - 48 : c - 87;
    }
  }
  return {
    data: { rows, cols, data },
    target: decodeTarget(DIGITS_TARGET),
    featureNames: [...DIGITS_FEATURE_NAMES],
    targetNames: [...DIGITS_TARGET_NAMES],
    description: DIGITS_DESCRIPTION,
  };
}
