/**
 * `npm run bench:auth`: what a credential check costs, per request, for each path the guard can take.
 *
 * - API key, first sight (or after the cache TTL): one scrypt verification (ln=14, r=8, p=1: ~16 MB), on
 *   libuv's thread pool. Printed beside the cheaper scrypt cost and a plain SHA-256 for comparison.
 * - API key, cached: HMAC-SHA256 of the presented key compared in constant time with the one remembered
 *   after the first scrypt success.
 * - JWT: jose signature and claim verification with RS256 and ES256 (no cache: every request verifies).
 * Also the event loop's p99 delay while scrypt verifications run back to back (they must stay off it).
 *
 * Flags: --iterations N (scrypt verifications per variant, default 40), --fast N (cheap operations, default 20000).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { generateApiKey } from '../src/modules/auth/api-keys/api-key-format.js';
import { BoundedRunner } from '../src/modules/auth/api-keys/bounded-queue.js';
import { hashSecret, verifySecret } from '../src/modules/auth/api-keys/secret-hash.js';

const NS_PER_MS = 1e6;
const { values } = parseArgs({
  options: { iterations: { type: 'string', default: '40' }, fast: { type: 'string', default: '20000' } },
});
const iterations = Number(values.iterations);
const fast = Number(values.fast);

const row = (name: string, perOpMs: number, note = ''): void => {
  const perOp = perOpMs >= 1 ? `${perOpMs.toFixed(2)} ms` : `${(perOpMs * 1000).toFixed(2)} µs`;
  process.stdout.write(`${name.padEnd(44)} ${perOp.padStart(12)} per check   ${note}\n`);
};

const timeSerial = async (count: number, op: () => unknown): Promise<number> => {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) {
    await op();
  }
  return Number(process.hrtime.bigint() - start) / NS_PER_MS / count;
};

const main = async (): Promise<void> => {
  const { key } = generateApiKey();
  process.stdout.write(`auth bench: ${iterations} scrypt verifications per variant, ${fast} cheap operations\n\n`);

  const strong = await hashSecret(key);
  const cheaper = await hashSecret(key, { ln: 12, r: 8, p: 1 });
  const strongMs = await timeSerial(iterations, () => verifySecret(key, strong));
  row('API key, uncached: scrypt ln=14 (ours)', strongMs, 'once per key per cache TTL');
  row('  alternative: scrypt ln=12', await timeSerial(iterations, () => verifySecret(key, cheaper)));
  const sha = createHash('sha256').update(key).digest();
  row(
    '  alternative: SHA-256 + timingSafeEqual',
    await timeSerial(fast, () => timingSafeEqual(createHash('sha256').update(key).digest(), sha)),
  );

  const concurrency = 4;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, () => timeSerial(iterations / concurrency, () => verifySecret(key, strong))),
  );
  const parallelMs = (performance.now() - started) / iterations;
  row(`  scrypt ln=14, ${concurrency} at once (thread pool)`, parallelMs, `${(1000 / parallelMs).toFixed(0)} checks/s`);

  const macKey = randomBytes(32);
  const remembered = createHmac('sha256', macKey).update(key).digest();
  row(
    'API key, cached: HMAC-SHA256 + timingSafeEqual',
    await timeSerial(fast, () => timingSafeEqual(createHmac('sha256', macKey).update(key).digest(), remembered)),
    'every other request',
  );

  for (const alg of ['RS256', 'ES256'] as const) {
    const pair = await generateKeyPair(alg);
    const token = await new SignJWT({ scope: 'market:read' })
      .setProtectedHeader({ alg })
      .setIssuer('bench')
      .setAudience('ticker')
      .setSubject('s')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(pair.privateKey);
    const options = { issuer: 'bench', audience: 'ticker', algorithms: [alg] };
    row(
      `JWT ${alg}: jose jwtVerify`,
      await timeSerial(fast / 10, () => jwtVerify(token, pair.publicKey, options)),
      'every request',
    );
  }
  process.stdout.write('\n');

  for (const [label, limit] of [
    ['AUTH_HASH_MAX_CONCURRENT=2 (default)', 2],
    ['unbounded (thread pool of 4)', iterations],
  ] as const) {
    const runner = new BoundedRunner(limit, iterations);
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    await Promise.all(Array.from({ length: iterations }, () => runner.run(() => verifySecret(key, strong))));
    delay.disable();
    process.stdout.write(
      `event-loop delay, ${iterations} scrypt checks queued, ${label}: ` +
        `p99 ${(delay.percentile(99) / NS_PER_MS).toFixed(2)} ms, max ${(delay.max / NS_PER_MS).toFixed(2)} ms\n`,
    );
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
