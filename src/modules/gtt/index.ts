export { GttModule } from './gtt.module.js';
export { GttService } from './gtt.service.js';
