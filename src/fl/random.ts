/**
 * Seeded randomness for the federated-learning demo. Every random choice (splits, shard sizes,
 * initial weights, mini-batch order) draws from a stream derived from the run's seed and a label
 * naming its purpose, so one purpose can change without shifting the numbers of every other one.
 */

/** A source of uniform numbers in [0, 1). */
export interface Rng {
  next(): number;
}

/** xmur3: hashes a string to a 32-bit seed (used to derive independent streams from labels). */
function hashString(text: string): number {
  let h = 1779033703 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  h = Math.imul(h ^ (h >>> 16), 2246822507);
  h = Math.imul(h ^ (h >>> 13), 3266489909);
  return (h ^ (h >>> 16)) >>> 0;
}

/** mulberry32: a small, fast 32-bit generator; plenty for shuffles and initializations. */
function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** The stream for one purpose (`label`) of a run with `seed`; same inputs, same numbers. */
export function createRng(seed: number, label: string): Rng {
  return mulberry32(hashString(`${seed}:${label}`));
}

/** A standard normal sample (Box-Muller). */
export function normal(rng: Rng): number {
  const u = 1 - rng.next(); // in (0, 1], so the logarithm is finite
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A Gamma(shape, 1) sample (Marsaglia-Tsang; shape < 1 uses the boost Gamma(shape+1)·U^(1/shape)). */
export function gamma(rng: Rng, shape: number): number {
  if (!(shape > 0)) throw new RangeError(`gamma shape must be positive, got ${shape}`);
  if (shape < 1) return gamma(rng, shape + 1) * Math.pow(1 - rng.next(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.next();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** A Dirichlet(alpha, …, alpha) sample of dimension `k`: k non-negative numbers summing to 1. */
export function dirichlet(rng: Rng, k: number, alpha: number): number[] {
  const draws = Array.from({ length: k }, () => gamma(rng, alpha));
  const total = draws.reduce((a, b) => a + b, 0);
  return draws.map((g) => g / total);
}

/** A new array with the elements of `items` in a uniformly random order (Fisher-Yates). */
export function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
