export { createApp, type AppDeps } from './create-app';
export { AppError, ERROR_CODES, isAppError, type ErrorCode } from './errors';
export { createLifecycle, type Lifecycle } from './lifecycle';
export type { HealthRouteDeps } from './routes/health';
