import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { NotConnectedError } from '../auth';
import { NotLeaderError } from '../qbo';
import { StoreUnavailableError } from '../store';
import { AppError, ERROR_CODES, isAppError, type ErrorCode } from './errors';

/** Unknown routes answer JSON like every other error (README, HTTP API). */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `No route for ${req.method} ${req.path}`));
};

/**
 * The one error middleware: AppErrors and body-parser's client errors pass their message through, and the token
 * manager's NotConnectedError, from any route, answers 409 `not_connected` or `reconnect_required`; anything else
 * is a 500 whose message is masked, so no stack trace, SQL or upstream text reaches a caller.
 */
export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const appError = toAppError(err);
    if (appError.status >= 500) {
      req.log?.error({ err }, 'request failed');
      if (!req.log) logger.error({ err }, 'request failed');
    }
    for (const [name, value] of Object.entries(appError.headers ?? {})) res.setHeader(name, value);
    res.status(appError.status).json({ ...appError.details, error: appError.code, message: appError.message });
  };
}

function toAppError(err: unknown): AppError {
  if (isAppError(err)) return err;
  if (err instanceof NotConnectedError) return new AppError(err.reason, err.message);
  if (err instanceof NotLeaderError) {
    return new AppError('not_leader', 'This replica follows the company: only its leader calls QuickBooks. Ask again (another replica may answer), or see /api/health for the roles');
  }
  if (err instanceof StoreUnavailableError) {
    return new AppError('store_unavailable', 'The database of the store cannot be reached; searches still answer from memory. Try again shortly', undefined, { 'Retry-After': '5' });
  }
  const status = clientErrorStatus(err);
  if (status !== undefined) return new AppError(codeForStatus(status), clientErrorMessage(status));
  return new AppError('internal_error', 'An unexpected error occurred');
}

/** body-parser and other http-errors-style errors carry `status`/`expose`; only 4xx ones are the caller's fault. */
function clientErrorStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const status = (err as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

function codeForStatus(status: number): ErrorCode {
  const match = (Object.keys(ERROR_CODES) as ErrorCode[]).find((code) => ERROR_CODES[code] === status);
  return match ?? 'bad_request';
}

function clientErrorMessage(status: number): string {
  switch (status) {
    case 413:
      return 'The request body is too large';
    case 415:
      return 'The request body has an unsupported content type';
    default:
      return 'The request is malformed';
  }
}
