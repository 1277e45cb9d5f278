import { Body, Controller, Get, HttpException, Module, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { NotFoundError, ServiceUnavailableError } from '../../src/common/errors/index.js';

export class EchoRequest {
  @IsString() @MinLength(2) name!: string;
  @IsInt() @Min(1) quantity!: number;
}

export class SlowQuery {
  @Type(() => Number) @IsInt() @Min(0) @Max(10_000) ms!: number;
}

/** Routes that exist only in tests, to exercise validation, error mapping and in-flight shutdown. */
@Controller('__probe')
class ProbeController {
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

  @Get('slow')
  async slow(@Query() query: SlowQuery): Promise<{ waitedMs: number }> {
    await new Promise((resolve) => setTimeout(resolve, query.ms));
    return { waitedMs: query.ms };
  }
}

@Module({ controllers: [ProbeController] })
export class ProbeModule {}
