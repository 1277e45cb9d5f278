/** Kite's streaming modes (kite-protocol.md §2.6), from least to most data. */
export const TICK_MODES = ['ltp', 'quote', 'full'] as const;
export type TickMode = (typeof TICK_MODES)[number];

const RANK: Record<TickMode, number> = { ltp: 0, quote: 1, full: 2 };

export const higherMode = (a: TickMode, b: TickMode): TickMode => (RANK[a] >= RANK[b] ? a : b);

export const isTickMode = (value: unknown): value is TickMode =>
  typeof value === 'string' && (TICK_MODES as readonly string[]).includes(value);
