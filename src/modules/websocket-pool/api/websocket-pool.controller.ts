import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireScopes } from '../../../common/auth/index.js';
import { WebSocketPoolService } from '../websocket-pool.service.js';
import {
  toCapacityResponse,
  toPoolResponse,
  WebSocketPoolCapacityResponse,
  WebSocketPoolResponse,
} from './dto/websocket-pool.dto.js';

@ApiTags('websocket-pool')
@RequireScopes('market:read')
@Controller('websocket-pool')
export class WebSocketPoolController {
  constructor(private readonly pool: WebSocketPoolService) {}

  @Get()
  @ApiOperation({
    summary: 'Kite ticker connections per account: state, instruments and modes, last frame age, reconnects',
  })
  @ApiOkResponse({ type: WebSocketPoolResponse })
  get(): WebSocketPoolResponse {
    return toPoolResponse(this.pool.snapshot());
  }

  @Get('capacity')
  @ApiOperation({ summary: 'Ticker capacity per account and in total, with the warning flags and unplaced counts' })
  @ApiOkResponse({ type: WebSocketPoolCapacityResponse })
  capacity(): WebSocketPoolCapacityResponse {
    return toCapacityResponse(this.pool.capacity());
  }
}
