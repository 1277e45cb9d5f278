import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so equal requests hash equally whatever their key order. */
export const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};

/** SHA-256 (hex) of the operation and its canonical request body. */
export const requestHash = (operation: string, body: unknown): string =>
  createHash('sha256').update(operation).update('\n').update(canonicalJson(body)).digest('hex');
