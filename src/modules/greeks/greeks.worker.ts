import { parentPort } from 'node:worker_threads';
import { batchViews } from './greeks-batch.js';
import { evaluateGreeksBatch } from './greeks-kernel.js';
import type { WorkerReply, WorkerRequest } from './greeks-pool.js';

/** Worker thread entry: evaluates a slice of a shared batch in place and reports completion. */
const port = parentPort;
if (!port) {
  throw new Error('greeks.worker must run in a worker thread');
}
port.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    const batch = batchViews(request.buffer, request.capacity);
    evaluateGreeksBatch(batch.input, batch.output, request.config, request.start, request.end);
    reply = { jobId: request.jobId, ok: true };
  } catch (error) {
    reply = { jobId: request.jobId, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
