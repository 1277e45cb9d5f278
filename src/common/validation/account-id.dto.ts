import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { ACCOUNT_ID_PATTERN } from '../../config/sections/accounts-env.js';

const ACCOUNT_ID_MESSAGE = 'account_id must be a configured account id (lower-case letters, digits, _ and -)';

/** `account_id` in the query or the body: required (the Python service silently defaulted to "primary"). */
export class AccountQuery {
  @ApiProperty({ example: 'primary', pattern: ACCOUNT_ID_PATTERN.source, description: 'The Kite account to use' })
  @Matches(ACCOUNT_ID_PATTERN, { message: ACCOUNT_ID_MESSAGE })
  account_id!: string;
}

/** `/accounts/{id}/…` */
export class AccountPathParams {
  @ApiProperty({ example: 'primary', pattern: ACCOUNT_ID_PATTERN.source })
  @Matches(ACCOUNT_ID_PATTERN, { message: 'id must be a configured account id (lower-case letters, digits, _ and -)' })
  id!: string;
}
