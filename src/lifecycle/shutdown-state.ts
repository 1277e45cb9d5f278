import { Injectable } from '@nestjs/common';

/** Set once shutdown starts, so readiness answers 503 while in-flight work drains. */
@Injectable()
export class ShutdownState {
  private startedAt: number | undefined;

  begin(): void {
    this.startedAt ??= performance.now();
  }

  get isShuttingDown(): boolean {
    return this.startedAt !== undefined;
  }
}
