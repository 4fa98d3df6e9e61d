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
}

/** A benchmark in test/bench/: a name and a function that measures at a size (one or more lines). */
export interface Bench {
  name: string;
  run(size: BenchSize): Promise<BenchResult | BenchResult[]>;
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
