/**
 * Counter-based pseudo-randomness: every draw is a pure function of (seed, stream, index), so the
 * market's path does not depend on the order or frequency in which it is observed.
 */
const UINT32 = 4_294_967_296;
const MIX_A = 0x85ebca6b;
const MIX_B = 0xc2b2ae35;
const GOLDEN = 0x9e3779b9;
const TWO_PI = 2 * Math.PI;

/** Murmur3's finaliser: a fast, well-mixed 32-bit hash. */
const fmix32 = (input: number): number => {
  let h = input >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, MIX_A);
  h ^= h >>> 13;
  h = Math.imul(h, MIX_B);
  h ^= h >>> 16;
  return h >>> 0;
};

export const hash3 = (seed: number, stream: number, index: number): number => {
  let h = fmix32(seed ^ GOLDEN);
  h = fmix32(h ^ Math.imul(stream | 0, MIX_A));
  // Indices may exceed 2^32 (e.g. epoch seconds fit, but be safe): fold the high part in.
  const high = Math.floor(index / UINT32);
  h = fmix32(h ^ (index >>> 0));
  return high === 0 ? h : fmix32(h ^ high);
};

/** Uniform in (0, 1). */
export const uniform = (seed: number, stream: number, index: number): number =>
  (hash3(seed, stream, index) + 0.5) / UINT32;

/** Standard normal (Box–Muller on two independent hashed uniforms). */
export const normal = (seed: number, stream: number, index: number): number => {
  const u1 = uniform(seed, stream, index * 2);
  const u2 = uniform(seed, stream, index * 2 + 1);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(TWO_PI * u2);
};

/** Integer in [0, n). */
export const randomInt = (seed: number, stream: number, index: number, n: number): number =>
  Math.floor(uniform(seed, stream, index) * n);

/** Stable 31-bit stream id for a name. */
export const streamId = (name: string): number => {
  let h = 2166136261;
  for (let i = 0; i < name.length; i += 1) {
    h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  }
  return fmix32(h) & 0x7fffffff;
};
