export { PortfolioModule } from './portfolio.module.js';
export { PortfolioService } from './portfolio.service.js';
