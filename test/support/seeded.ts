import { createHash } from 'node:crypto';

/**
 * Deterministic randomness for fault injection and generated traffic. `prng(seed)` is a stream
 * (mulberry32); `chance(...parts)` is a number in [0, 1) derived from its arguments alone, so a
 * fault decided by the *content* of a request does not depend on the order in which concurrent
 * requests happen to arrive.
 */
export type Random = () => number;

export function prng(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function chance(...parts: (string | number)[]): number {
  return createHash('sha256').update(parts.join('\u0000')).digest().readUInt32BE(0) / 4294967296;
}

export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

/** Pick by weight: `weighted(random, {a: 3, b: 1})` is "a" three times as often as "b". */
export function weighted<K extends string>(random: Random, weights: Readonly<Record<K, number>>): K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [key, w] of entries) {
    r -= w;
    if (r < 0) return key;
  }
  return (entries[entries.length - 1] as [K, number])[0];
}
