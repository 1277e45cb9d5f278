import { Body, Controller, Get, HttpException, Injectable, Module, Param, ParseIntPipe, Post } from '@nestjs/common';
import { IsInt, IsString, Min, MinLength } from 'class-validator';
import { Public } from '../../src/common/auth/index.js';
import { NotFoundError, ServiceUnavailableError } from '../../src/common/errors/index.js';

export class EchoRequest {
  @IsString() @MinLength(2) name!: string;
  @IsInt() @Min(1) quantity!: number;
}

/**
 * Holds /__probe/held requests until the test releases them, so a test knows a request is in flight
 * (held > 0) without sleeping and decides itself when it finishes.
 */
@Injectable()
export class ProbeGate {
  private readonly waiting: (() => void)[] = [];

  get held(): number {
    return this.waiting.length;
  }

  wait(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    this.waiting.splice(0).forEach((resolve) => resolve());
  }
}

/** Routes that exist only in tests, to exercise validation, error mapping and in-flight shutdown. */
@Public('test-only probe routes')
@Controller('__probe')
class ProbeController {
  constructor(private readonly gate: ProbeGate) {}

  @Post('echo')
  echo(@Body() body: EchoRequest): EchoRequest {
    return body;
  }

  @Get('boom')
  boom(): never {
    throw new Error('connection string postgres://admin:hunter2@db/prod exploded');
  }

  @Get('missing')
  missing(): never {
    throw new NotFoundError('WIDGET_NOT_FOUND', 'Widget 42 does not exist');
  }

  @Get('status/:status')
  status(@Param('status', ParseIntPipe) status: number): never {
    throw new HttpException(`probe answered ${status}`, status);
  }

  @Get('busy')
  busy(): never {
    throw new ServiceUnavailableError('PROBE_BUSY', 'Busy, come back later', undefined, { retryAfterMs: 2_500 });
  }

  @Get('held')
  async held(): Promise<{ released: true }> {
    await this.gate.wait();
    return { released: true };
  }
}

@Module({ controllers: [ProbeController], providers: [ProbeGate] })
export class ProbeModule {}
