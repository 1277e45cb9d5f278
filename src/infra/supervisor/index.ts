export { SupervisorModule } from './supervisor.module.js';
export { TaskSupervisor, DuplicateTaskError, UnknownTaskError } from './task-supervisor.js';
export type { TaskBody, TaskContext, TaskReporter, TaskStatus, TaskState, TaskKind } from './supervised-task.js';
