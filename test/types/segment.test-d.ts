// Static typing of segment(): the Segmentation it returns and its pipeline.
import { describe, expectTypeOf, it } from 'vitest';
import type { Matrix } from '../../src/core/matrix.js';
import type { ColumnTransformer } from '../../src/preprocess/column-transformer.js';
import type { TableInput } from '../../src/preprocess/table.js';
import { loadSegmentation, segment, type SegmentClusterer, type Segmentation, type SegmentOptions } from '../../src/segment/segment.js';

describe('segment types', () => {
  it('returns a Segmentation whose pipeline predicts tables', () => {
    expectTypeOf(segment).parameter(0).toEqualTypeOf<TableInput>();
    expectTypeOf(segment).returns.toEqualTypeOf<Segmentation>();
    expectTypeOf(loadSegmentation).returns.toEqualTypeOf<Segmentation>();
    expectTypeOf<Segmentation['labels']>().toEqualTypeOf<Int32Array>();
    expectTypeOf<Segmentation['predict']>().toEqualTypeOf<(records: TableInput) => Int32Array>();
    expectTypeOf<Segmentation['predictProba']>().returns.toEqualTypeOf<Matrix>();
    expectTypeOf<Segmentation['pipeline']['predict']>().toEqualTypeOf<(X: TableInput) => Int32Array>();
    const s = segment([{ spend: 1 }, { spend: 2 }], { nSegments: 2 });
    expectTypeOf(s.pipeline.step('columns')).toEqualTypeOf<ColumnTransformer>();
    expectTypeOf(s.pipeline.clusterer).toEqualTypeOf<SegmentClusterer>();
  });

  it('checks option names and values', () => {
    expectTypeOf<{ nSegments: 'auto' }>().toMatchTypeOf<SegmentOptions>();
    expectTypeOf<{ nSegments: 4; algorithm: 'gmm' }>().toMatchTypeOf<SegmentOptions>();
    expectTypeOf<{ algorithm: 'dbscan' }>().not.toMatchTypeOf<SegmentOptions>();
    expectTypeOf<{ columns: { numeric: string[]; drop: string[] } }>().toMatchTypeOf<SegmentOptions>();
  });
});
