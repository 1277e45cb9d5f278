export class QueueFullError extends Error {
  constructor() {
    super('queue is full');
  }
}

/** At most `maxConcurrent` tasks at once and `maxQueued` waiting; beyond that `run` fails at once. */
export class BoundedRunner {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly maxConcurrent: number,
    private readonly maxQueued: number,
    private readonly onDepthChange: (depth: number) => void = () => undefined,
  ) {}

  get depth(): number {
    return this.active + this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.maxConcurrent) {
      if (this.waiting.length >= this.maxQueued) {
        throw new QueueFullError();
      }
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        this.onDepthChange(this.depth);
      });
    } else {
      this.active += 1;
      this.onDepthChange(this.depth);
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next === undefined) {
        this.active -= 1;
      }
      this.onDepthChange(this.depth);
      next?.();
    }
  }
}
