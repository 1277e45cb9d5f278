export { MutualFundsModule } from './mutual-funds.module.js';
export { MutualFundsService } from './mutual-funds.service.js';
