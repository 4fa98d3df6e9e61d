import type { Role } from '../../../../shared/domain/model';

// The arithmetic of the team lead's quality sampling: how many ruled disputes to draw for a second
// review, how to spread them over the case managers who ruled them, drawing them, and reading the
// reviews back as agreement per case manager.

/** A confidence level the team lead can choose for a sample. */
export type Confidence = 0.9 | 0.95 | 0.99;

/** Two-sided standard normal quantiles for each confidence level. */
const zScores: Record<Confidence, number> = { 0.9: 1.6449, 0.95: 1.96, 0.99: 2.5758 };

// Float division can land a hair above a whole number (370.0000000001); that must not cost an extra case.
const epsilon = 1e-9;

/** The numbers of a sample size's calculation, for showing the formula filled in. */
export interface SampleSizeWorking {
  z: number;
  /** The expected share of unsound rulings, as a fraction. */
  p: number;
  /** The margin of error, as a fraction. */
  e: number;
  population: number;
  /** The size for an unlimited population: z²·p(1−p)/e². */
  n0: number;
  /** n0 after the finite-population correction, before rounding up. */
  corrected: number;
  /** The sample size: `corrected` rounded up, at least 1, at most the population (0 when it is empty). */
  n: number;
}

/**
 * How many rulings to review out of `population` to estimate the share of unsound rulings within
 * `margin` (0.1 = ±10 points) at `confidence`, when about `expected` of them are thought unsound.
 * Cochran's formula n0 = z²·p(1−p)/e², then the finite-population correction
 * n = ⌈n0 / (1 + (n0 − 1)/N)⌉. p = 0.5 is the most cautious guess: 10,000 rulings at 95 % ± 5 %
 * need 370, and 100 need 80; expecting 10 % unsound at 90 % ± 10 %, 77 rulings need 19.
 * 0 when there is nothing to sample, and never more than the population.
 */
export function sampleSizeWorking(population: number, confidence: Confidence, margin: number, expected = 0.5): SampleSizeWorking {
  if (!Number.isInteger(population) || population < 0) throw new RangeError(`population must be a whole number ≥ 0, not ${population}`);
  if (!(margin > 0 && margin < 1)) throw new RangeError(`margin must be a fraction between 0 and 1, not ${margin}`);
  if (!(expected > 0 && expected < 1)) throw new RangeError(`expected must be a fraction between 0 and 1, not ${expected}`);
  const z = zScores[confidence];
  const n0 = (z * z * expected * (1 - expected)) / (margin * margin);
  const corrected = population === 0 ? 0 : n0 / (1 + (n0 - 1) / population);
  const n = population === 0 ? 0 : Math.min(population, Math.max(1, Math.ceil(corrected - epsilon)));
  return { z, p: expected, e: margin, population, n0, corrected, n };
}

/** The sample size alone: `sampleSizeWorking(…).n`. */
export function sampleSize(population: number, confidence: Confidence, margin: number, expected = 0.5): number {
  return sampleSizeWorking(population, confidence, margin, expected).n;
}

/** One stratum of a population: the rulings of one case manager, say. */
export interface Stratum {
  key: string;
  size: number;
}

/**
 * Spreads a sample of `total` over `strata` in proportion to their sizes, rounding by largest
 * remainders so the shares add up exactly. When `total` covers every non-empty stratum, each gets
 * at least one, taken from the stratum most over its exact share, so no case manager goes
 * unreviewed. No stratum gets more than its size; the shares sum to min(total, population).
 * Every key of `strata` is in the result, empty strata with 0.
 */
export function allocate(strata: readonly Stratum[], total: number): Map<string, number> {
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`total must be a whole number ≥ 0, not ${total}`);
  for (const stratum of strata) {
    if (!Number.isInteger(stratum.size) || stratum.size < 0) throw new RangeError(`stratum ${stratum.key} has size ${stratum.size}`);
  }
  if (new Set(strata.map((stratum) => stratum.key)).size !== strata.length) throw new RangeError('stratum keys must be distinct');

  const population = strata.reduce((sum, stratum) => sum + stratum.size, 0);
  const target = Math.min(total, population);
  const shares = new Map(strata.map((stratum) => [stratum.key, 0]));
  if (target === 0) return shares;

  // Exact share = target·size/population; kept as integers (quotient and remainder over
  // population) so ties and roundings are exact.
  const parts = strata.map((stratum, index) => {
    const scaled = target * stratum.size;
    return { index, stratum, share: Math.floor(scaled / population), remainder: scaled % population };
  });
  let left = target - parts.reduce((sum, part) => sum + part.share, 0);
  for (const part of [...parts].sort((a, b) => b.remainder - a.remainder || a.index - b.index)) {
    if (left === 0) break;
    // A positive remainder means the exact share is below the size, so one more still fits.
    part.share += 1;
    left -= 1;
  }

  const nonEmpty = parts.filter((part) => part.stratum.size > 0);
  if (target >= nonEmpty.length) {
    // How far a share is above its exact value, times population.
    const excess = (part: (typeof parts)[number]) => part.share * population - target * part.stratum.size;
    for (const starved of nonEmpty.filter((part) => part.share === 0)) {
      // Some share is at least 2 while one is 0 and the shares add up to ≥ the non-empty strata.
      const donor = nonEmpty.filter((part) => part.share >= 2).reduce((best, part) => (excess(part) > excess(best) ? part : best));
      donor.share -= 1;
      starved.share = 1;
    }
  }
  for (const part of parts) shares.set(part.stratum.key, part.share);
  return shares;
}

/**
 * A simple random sample without replacement within each stratum: `allocation`'s count of each
 * stratum's items (all of them if it has fewer), by a partial Fisher–Yates shuffle of a copy.
 * `random` returns fractions in [0, 1); the same sequence draws the same sample. Strata are drawn
 * in `strata`'s order, and each stratum's items in the order drawn.
 */
export function drawSample<T>(strata: ReadonlyMap<string, readonly T[]>, allocation: ReadonlyMap<string, number>, random: () => number): T[] {
  const drawn: T[] = [];
  for (const [key, items] of strata) {
    const pool = [...items];
    const count = Math.min(allocation.get(key) ?? 0, pool.length);
    for (let i = 0; i < count; i += 1) {
      // A generator that returns exactly 1 must not reach past the pool.
      const j = Math.min(pool.length - 1, i + Math.floor(random() * (pool.length - i)));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
      drawn.push(pool[i]!);
    }
  }
  return drawn;
}

/** One case manager's second reviews: verdicts given, the share that agreed, and those still open. */
export interface Agreement {
  ruledBy: string;
  agree: number;
  disagree: number;
  /** agree / (agree + disagree); undefined until a review has a verdict. */
  rate: number | undefined;
  /** Reviews assigned that have no verdict yet. */
  pending: number;
}

/** Second reviews counted per case manager whose rulings they review, ordered by case manager. */
export function agreementByCaseManager(reviews: readonly { ruledBy: string; verdict?: 'agree' | 'disagree' }[]): Agreement[] {
  const byCaseManager = new Map<string, Agreement>();
  for (const review of reviews) {
    const row = byCaseManager.get(review.ruledBy) ?? { ruledBy: review.ruledBy, agree: 0, disagree: 0, rate: undefined, pending: 0 };
    if (review.verdict === undefined) row.pending += 1;
    else row[review.verdict] += 1;
    byCaseManager.set(review.ruledBy, row);
  }
  return [...byCaseManager.values()]
    .map((row) => ({ ...row, rate: row.agree + row.disagree === 0 ? undefined : row.agree / (row.agree + row.disagree) }))
    .sort((a, b) => (a.ruledBy < b.ruledBy ? -1 : a.ruledBy > b.ruledBy ? 1 : 0));
}

// When the chosen reviewer made the ruling, the next best: someone whose job is reviewing, then a team lead.
const reviewerPreference: Record<Role, number> = { reviewer: 0, team_lead: 1, case_manager: 2 };

/**
 * Who reviews a ruling: `chosenId`, unless they made it (nobody reviews their own ruling); then the
 * first other member of `team`, reviewers before team leads before other case managers. Undefined
 * when nobody else on the team can review it.
 */
export function reviewerFor(chosenId: string, ruledBy: string, team: readonly { id: string; role: Role }[]): string | undefined {
  if (chosenId !== ruledBy) return chosenId;
  const others = team.filter((member) => member.id !== ruledBy);
  return others.reduce<(typeof others)[number] | undefined>(
    (best, member) => (best === undefined || reviewerPreference[member.role] < reviewerPreference[best.role] ? member : best),
    undefined,
  )?.id;
}
