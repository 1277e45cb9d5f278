/**
 * Options for Vitest's own polling (vi.waitFor / vi.waitUntil / expect.poll), the one way tests wait for a
 * condition. The deadline is generous because the machine is shared: it bounds a wait, it asserts no speed.
 */
export const POLL = { timeout: 20_000, interval: 50 } as const;
