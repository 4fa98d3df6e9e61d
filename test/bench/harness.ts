/** How big a benchmark run is: `small` proves it works (CI), `full` measures. */
export type BenchSize = 'small' | 'full';

/** One benchmark's result, printed as one JSON line. */
export interface BenchResult {
  bench: string;
  value: number;
  unit: string;
  /** The same measurement of a minimal reference, taken in the same run on the same machine. */
  baseline: number;
  /** value / baseline: how many times the reference's cost this is. */
  ratio: number;
  /** What value we aim for, in `unit`. Printed for reading, never enforced as pass/fail. */
  target: number;
  size: BenchSize;
  samples: number;
  /**
   * How the samples behind `value` and `baseline` spread, where a bench keeps them: two runs whose
   * spreads overlap differ by noise, not by a change in the code. No `baseline` where it is one sample.
   */
  spread?: { value: Spread; baseline?: Spread };
}

/** The least, middle and largest of some samples, and the 25th and 75th percentiles. */
export interface Spread {
  min: number;
  p25: number;
  median: number;
  p75: number;
  max: number;
}

/** The spread of some samples (see {@link Spread}), rounded for printing. */
export function spreadOf(samples: number[]): Spread {
  return {
    min: round(Math.min(...samples)),
    p25: round(percentile(samples, 25)),
    median: round(median(samples)),
    p75: round(percentile(samples, 75)),
    max: round(Math.max(...samples)),
  };
}

/** A line for a benchmark this machine cannot run, saying why and what would let it. */
export interface BenchSkipped {
  bench: string;
  skipped: string;
  size: BenchSize;
}

/** A benchmark in test/bench/: a name and a function that measures at a size (one or more lines). */
export interface Bench {
  name: string;
  run(size: BenchSize): Promise<BenchResult | BenchSkipped | (BenchResult | BenchSkipped)[]>;
}

/** The median of some samples. */
export function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The `p`th percentile (0–100) of some samples, nearest-rank. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Rounds to 3 significant decimals for printing. */
export function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * A line from samples measured against baseline samples of the same run: `statistic` (the median,
 * a p95) of each, their ratio, and both spreads.
 */
export function comparedResult(
  line: { bench: string; unit: string; target: number; size: BenchSize },
  values: number[],
  baselines: number[],
  statistic: (samples: number[]) => number,
): BenchResult {
  const value = statistic(values);
  const baseline = statistic(baselines);
  return {
    bench: line.bench,
    value: round(value),
    unit: line.unit,
    baseline: round(baseline),
    ratio: round(value / baseline),
    target: line.target,
    size: line.size,
    samples: values.length,
    spread: { value: spreadOf(values), baseline: spreadOf(baselines) },
  };
}
