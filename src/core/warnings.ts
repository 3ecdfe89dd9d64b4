/**
 * Warnings as data: estimators record them on `est.warnings` and pass each to one replaceable
 * handler, so tests assert on data and applications route them where they like.
 *
 * @packageDocumentation
 */

/** Stable warning codes. */
export type WarningCode =
  | 'NOT_CONVERGED'
  | 'FEWER_CLUSTERS'
  | 'REGULARIZED'
  | 'CONSTANT_FEATURE'
  | 'DATA_ADJUSTED'
  | 'SINGLE_CLUSTER';

/** One warning raised during a call. */
export interface SegmentWarning {
  /** Stable code to branch on. */
  readonly code: WarningCode;
  /** Full sentence for people. */
  readonly message: string;
  /** The estimator or function that raised it. */
  readonly source: string;
}

/** Receives every warning as it is raised. */
export type WarningHandler = (warning: SegmentWarning) => void;

const consoleHandler: WarningHandler = (w) => {
  console.warn(`segmentkit ${w.code}: ${w.message}`);
};

let handler: WarningHandler = consoleHandler;

/**
 * Replaces the warning handler (default: `console.warn`); pass `null` to silence warnings.
 * Returns the previous handler so it can be restored.
 *
 * @example
 * ```ts
 * import { setWarningHandler } from 'segmentkit';
 * const seen: string[] = [];
 * const previous = setWarningHandler((w) => seen.push(w.code));
 * setWarningHandler(previous);
 * ```
 */
export function setWarningHandler(next: WarningHandler | null): WarningHandler {
  const previous = handler;
  handler = next ?? (() => undefined);
  return previous;
}

/**
 * Collects the warnings of one call, and forwards each to the handler when flushed.
 *
 * @example
 * ```ts
 * import { WarningCollector } from 'segmentkit';
 * const w = new WarningCollector('Example');
 * w.warn('NOT_CONVERGED', 'Example did not converge.');
 * console.log(w.list.length); // 1
 * ```
 */
export class WarningCollector {
  readonly list: SegmentWarning[] = [];

  constructor(private readonly source: string) {}

  /** Records one warning. */
  warn(code: WarningCode, message: string): void {
    this.list.push({ code, message, source: this.source });
  }

  /** Sends the recorded warnings to the handler and returns them frozen. */
  flush(): readonly SegmentWarning[] {
    for (const w of this.list) handler(w);
    return Object.freeze(this.list.slice());
  }
}
