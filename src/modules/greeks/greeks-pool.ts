import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
// Straight from the file, not the errors index: that one pulls in the HTTP filter.
import { DomainError, type DomainErrorKind } from '../../common/errors/domain-error.js';
import type { GreeksModelConfig } from './greeks.types.js';

/** Request to a worker: evaluate options [start, end) of the batch laid out in `buffer`. */
export interface WorkerRequest {
  readonly jobId: number;
  readonly buffer: SharedArrayBuffer;
  readonly capacity: number;
  readonly config: GreeksModelConfig;
  readonly start: number;
  readonly end: number;
}

export type WorkerReply =
  | { readonly jobId: number; readonly ok: true }
  | { readonly jobId: number; readonly ok: false; readonly error: string };

/** The pool already has its maximum number of batches in flight: back-pressure (503). */
export class GreeksQueueFullError extends DomainError {
  readonly kind: DomainErrorKind = 'unavailable';
  constructor(readonly inFlight: number) {
    super('GREEKS_QUEUE_FULL', `Greeks worker queue is full (${inFlight} batches in flight)`, { inFlight });
  }
}

/** A worker failed, exited, or the pool was terminated while a batch was in flight: our fault (500). */
export class GreeksWorkerError extends DomainError {
  readonly kind: DomainErrorKind = 'internal';
  constructor(message: string) {
    super('GREEKS_WORKER_FAILED', message);
  }
}

export interface GreeksPoolOptions {
  readonly size: number;
  /** Batches in flight before run() rejects with GreeksQueueFullError. */
  readonly queueMax: number;
  readonly workerScript?: string;
}

interface PendingJob {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

interface WorkerSlot {
  /** Undefined once the slot has used up its restarts. */
  worker: Worker | undefined;
  readonly pending: Map<number, PendingJob>;
}

/** Restarts of crashed workers over the pool's life; beyond it the slot stays down and its jobs fail. */
const MAX_WORKER_RESTARTS = 16;

const WORKER_FILE = 'greeks.worker.js';
/** From src/modules/greeks (running TypeScript under a test runner) to the compiled worker in dist. */
const COMPILED_WORKER_FROM_SOURCE = ['..', '..', '..', 'dist', 'src', 'modules', 'greeks', WORKER_FILE];

/**
 * The worker script: the sibling .js when running compiled code, else the compiled copy in dist/ (Node 20
 * cannot load a .ts worker). Throws with the remedy when it does not exist.
 */
export function resolveWorkerScript(): string {
  const here = fileURLToPath(import.meta.url);
  const script = here.endsWith('.js')
    ? resolve(dirname(here), WORKER_FILE)
    : resolve(dirname(here), ...COMPILED_WORKER_FROM_SOURCE);
  if (!existsSync(script)) {
    throw new GreeksWorkerError(`Greeks worker script not found at ${script}: run \`npm run build\` first`);
  }
  return script;
}

/**
 * Worker threads evaluating slices of shared-memory batches. A batch is split into one slice per worker;
 * at most `queueMax` batches are in flight, beyond which run() rejects (the service applies its policy).
 */
export class GreeksWorkerPool {
  private readonly slots: WorkerSlot[] = [];
  private readonly script: string;
  private nextJobId = 0;
  private batchesInFlight = 0;
  private restarts = 0;
  private terminated = false;

  constructor(private readonly options: GreeksPoolOptions) {
    this.script = options.workerScript ?? resolveWorkerScript();
    for (let i = 0; i < options.size; i++) {
      this.slots.push(this.spawn());
    }
  }

  get size(): number {
    return this.slots.length;
  }

  /** Batches currently in flight. */
  get queueDepth(): number {
    return this.batchesInFlight;
  }

  get isFull(): boolean {
    return this.batchesInFlight >= this.options.queueMax;
  }

  async run(buffer: SharedArrayBuffer, capacity: number, count: number, config: GreeksModelConfig): Promise<void> {
    if (this.terminated) {
      throw new GreeksWorkerError('Greeks worker pool has been terminated');
    }
    if (this.isFull) {
      throw new GreeksQueueFullError(this.batchesInFlight);
    }
    this.batchesInFlight++;
    try {
      const slice = Math.ceil(count / this.slots.length);
      const jobs: Promise<void>[] = [];
      for (let start = 0, index = 0; start < count; start += slice, index++) {
        const end = Math.min(count, start + slice);
        jobs.push(this.submit(this.slots[index]!, { jobId: this.nextJobId++, buffer, capacity, config, start, end }));
      }
      await Promise.all(jobs);
    } finally {
      this.batchesInFlight--;
    }
  }

  async terminate(): Promise<void> {
    this.terminated = true;
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      this.failAll(slot, new GreeksWorkerError('Greeks worker pool terminated'));
    }
    await Promise.all(slots.map((slot) => slot.worker?.terminate() ?? Promise.resolve(0)));
  }

  private submit(slot: WorkerSlot, request: WorkerRequest): Promise<void> {
    return new Promise<void>((resolvePromise, reject) => {
      const worker = slot.worker;
      if (!worker) {
        reject(new GreeksWorkerError('Greeks worker is down (restart limit reached)'));
        return;
      }
      slot.pending.set(request.jobId, { resolve: resolvePromise, reject });
      worker.postMessage(request);
    });
  }

  private spawn(): WorkerSlot {
    const slot: WorkerSlot = { worker: undefined, pending: new Map() };
    this.attach(slot, new Worker(this.script));
    return slot;
  }

  private attach(slot: WorkerSlot, worker: Worker): void {
    slot.worker = worker;
    worker.on('message', (reply: WorkerReply) => {
      const job = slot.pending.get(reply.jobId);
      slot.pending.delete(reply.jobId);
      if (reply.ok) {
        job?.resolve();
      } else {
        job?.reject(new GreeksWorkerError(reply.error));
      }
    });
    worker.on('error', (error: Error) => this.replace(slot, worker, `Greeks worker failed: ${error.message}`));
    worker.on('exit', (code: number) => this.replace(slot, worker, `Greeks worker exited with code ${code}`));
  }

  /** Fails the dead worker's jobs and starts a fresh worker in its place (unless terminating). */
  private replace(slot: WorkerSlot, worker: Worker, reason: string): void {
    if (slot.worker !== worker) {
      return;
    }
    this.failAll(slot, new GreeksWorkerError(reason));
    slot.worker = undefined;
    if (!this.terminated && this.restarts < MAX_WORKER_RESTARTS) {
      this.restarts++;
      this.attach(slot, new Worker(this.script));
    }
  }

  private failAll(slot: WorkerSlot, error: Error): void {
    for (const job of slot.pending.values()) {
      job.reject(error);
    }
    slot.pending.clear();
  }
}
