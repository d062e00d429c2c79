import type { JsonObject } from '../json';
import { formatPacific } from '../qbo-time';

/** The `Fault` envelope of the v3 API (docs/quickbooks.md#faults). `time` is Pacific with milliseconds, like every response. */
export function qboFault(type: string, message: string, detail: string, code: string, nowMs: number): JsonObject {
  return { Fault: { Error: [{ Message: message, Detail: detail, code, element: '' }], type }, time: formatPacific(nowMs, true) };
}

export const faultBodies = {
  queryParse: (detail: string, nowMs: number) => qboFault('ValidationFault', 'Error parsing query', detail, '4000', nowMs),
  queryInvalid: (detail: string, nowMs: number) => qboFault('ValidationFault', 'Invalid query', detail, '4001', nowMs),
  objectNotFound: (entity: string, id: string, nowMs: number) =>
    qboFault('ValidationFault', 'Object Not Found',
      `Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees. (${entity} ${id})`,
      '610', nowMs),
  /** Code 2010 "Request has invalid or unsupported property": which code QBO uses for bad CDC input is UNCONFIRMED. */
  invalidRequest: (detail: string, nowMs: number) =>
    qboFault('ValidationFault', 'Request has invalid or unsupported property', detail, '2010', nowMs),
  unsupportedOperation: (detail: string, nowMs: number) => qboFault('ValidationFault', 'Unsupported Operation', detail, '500', nowMs),
  /**
   * Throttling (docs/quickbooks.md#limits-and-throttling): Message/code as third parties report them; the fault
   * `type` is unconfirmed, so one of the documented types is used. No Retry-After header (also UNCONFIRMED); fault
   * injection can add one.
   */
  throttled: (nowMs: number) =>
    qboFault('SystemFault', 'message=ThrottleExceeded; errorCode=003001; statusCode=429', 'The request limit was reached. Wait 60 seconds and retry.', '3001', nowMs),
  systemError: (status: number, nowMs: number) =>
    qboFault('SystemFault', 'An application error has occurred while processing your request', `System Failure Error: simulated HTTP ${status}`, '10000', nowMs),
};

/**
 * A 401 from the v3 API uses a different, lower-camel envelope with a numeric `time` (docs/quickbooks.md#faults;
 * python-quickbooks issues 118 and 250).
 */
export function authenticationFailedBody(detail: string, nowMs: number): JsonObject {
  return gatewayEnvelope('message=AuthenticationFailed; errorCode=003200; statusCode=401', detail, '3200', 'AUTHENTICATION', nowMs);
}

/** 403 in the same envelope (`ApplicationAuthorizationFailed; errorCode=003100`). */
export function authorizationFailedBody(nowMs: number): JsonObject {
  return gatewayEnvelope('message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403', 'Application authorization failed', '3100', 'AUTHORIZATION', nowMs);
}

function gatewayEnvelope(message: string, detail: string, code: string, type: string, nowMs: number): JsonObject {
  return {
    warnings: null, intuitObject: null, fault: { error: [{ message, detail, code, element: null }], type }, report: null,
    queryResponse: null, batchItemResponse: [], attachableResponse: [], syncErrorResponse: null, requestId: null,
    time: nowMs, status: null, cdcresponse: [],
  };
}

const escapeXml = (text: string): string => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** QBO's XML fault, which it sends even to `Accept: application/json` in some auth failures (docs/quickbooks.md#faults). */
export function xmlFault(type: string, code: string, message: string, detail: string, nowMs: number): string {
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    + `<IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="${formatPacific(nowMs, true)}">`
    + `<Fault type="${escapeXml(type)}"><Error code="${escapeXml(code)}"><Message>${escapeXml(message)}</Message>`
    + `<Detail>${escapeXml(detail)}</Detail></Error></Fault></IntuitResponse>`;
}

/**
 * A token that is valid but for another company: QBO answers 401 with the XML "General Authentication Error"
 * (code 100) — the usual symptom of a wrong realmId (docs/quickbooks.md#faults; HelloWorld-PHP issue 8).
 */
export function generalAuthenticationErrorXml(nowMs: number): string {
  return xmlFault('AuthenticationFault', '100', 'General Authentication Error', 'AuthenticationErrorGeneral: SRV-110-Authentication Failure , statusCode: 401', nowMs);
}

/** What a load balancer in front of QBO answers when the service behind it is down (PHP SDK issue 216). */
export function gatewayErrorHtml(status: number): string {
  const title = `${status} ${status === 504 ? 'Gateway Time-out' : status === 503 ? 'Service Temporarily Unavailable' : 'Bad Gateway'}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body bgcolor="white">\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}
