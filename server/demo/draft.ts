import type { DisputeReason, DisputeState, EvidenceItem, EvidenceRequest, Message, Order, Person, RefundOffer } from '../../shared/domain/model';
import type { Culture } from './catalog';
import type { Random } from './random';

/** Milliseconds in a minute, an hour and a day: the generator reasons in epoch milliseconds. */
export const MINUTE = 60_000;
/** Milliseconds in an hour. */
export const HOUR = 60 * MINUTE;
/** Milliseconds in a day. */
export const DAY = 24 * HOUR;

/** A buyer or seller with what the generator needs beside the domain's `Person`. */
export interface Party {
  person: Person;
  culture: Culture;
}

/** A seller: where returns go and how its parcels' tracking numbers look. */
export interface Seller extends Party {
  returnAddress: string;
  tracking: (r: Random) => string;
}

/**
 * The moments a dispute's story hangs on, planned backwards from `now` so that nothing happens in
 * the future and every state's story fits. Negotiation runs from `openedAt` to `escalatedAt` (or
 * `phaseEnd` without escalation); evidence is gathered from `escalatedAt` to `phaseEnd`.
 */
export interface Timeline {
  openedAt: number;
  escalatedAt?: number;
  phaseEnd: number;
  ruledAt?: number;
  closedAt?: number;
  /** The first evidence request's window, when the state needs its due date placed relative to now. */
  firstRequest?: { requestedAt: number; dueAt: number };
}

/** A piece of evidence whose id is given once all evidence is in, in submission order. */
export interface PendingEvidence {
  at: number;
  late: boolean;
  item: EvidenceItem;
}

/** A dispute being built: each step reads what earlier steps made and adds its part. */
export interface DisputeDraft {
  r: Random;
  /** The number in the dispute id, D-<number>; every child id reuses it. */
  number: number;
  now: number;
  state: DisputeState;
  reason: DisputeReason;
  buyer: Party;
  seller: Seller;
  order: Order;
  timeline: Timeline;
  requestedRefund: number;
  messages: (Omit<Message, 'id' | 'at'> & { at: number })[];
  offers: RefundOffer[];
  requests: { request: EvidenceRequest; requestedMs: number; dueMs: number }[];
  /** Evidence in submission order, with whether it came after its request's due date. */
  evidence: { item: EvidenceItem; late: boolean }[];
  /** The latest moment anything happened, which becomes `updatedAt`. */
  latest: number;
}

const dayPrefixes = new Map<number, string>();
const stampBytes = Buffer.from('0000-00-00T00:00:00.000Z', 'latin1');

function writeTwoDigits(at: number, value: number): void {
  stampBytes[at] = 48 + Math.floor(value / 10);
  stampBytes[at + 1] = 48 + (value % 10);
}

/**
 * A UTC ISO-8601 stamp at whole seconds, exactly as `Date#toISOString` writes it. Made by hand
 * because a large workspace has millions of stamps: a Date per stamp was most of the generation
 * time, and a template literal leaves a tree of string pieces per stamp that quadrupled the memory.
 * The calendar part still comes from Date, once per day.
 */
export function iso(ms: number): string {
  const day = Math.floor(ms / DAY);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY).toISOString().slice(0, 11);
    dayPrefixes.set(day, prefix);
  }
  const seconds = Math.floor((ms - day * DAY) / 1000);
  stampBytes.write(prefix, 0, 'latin1');
  writeTwoDigits(11, Math.floor(seconds / 3600));
  writeTwoDigits(14, Math.floor(seconds / 60) % 60);
  writeTwoDigits(17, seconds % 60);
  return stampBytes.toString('latin1');
}

/** Stamps a moment of the draft's story, remembering the latest one for `updatedAt`. */
export function stamp(d: DisputeDraft, ms: number): string {
  if (ms > d.latest) d.latest = ms;
  return iso(ms);
}

/** `count` moments in [from, to], in order: when a run of negotiation messages was written. */
export function moments(r: Random, from: number, to: number, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(r.between(from, to));
  return out.sort((a, b) => a - b);
}
