import { errorFromResponse, malformedBody, parseFault } from '../../../src/qbo/faults';
import { QboAuthError, QboNetworkError, QboServerError, QboThrottleError, QboValidationError } from '../../../src/qbo';

const validationBody = {
  Fault: {
    Error: [{ Message: 'Error parsing query', Detail: 'QueryParserError: Encountered " <INTEGER> "1 "" at line 1', code: '4000', element: '' }],
    type: 'ValidationFault',
  },
  time: '2018-03-20T20:15:59.571-07:00',
};

/** The 401 expired-token body, lower-camel envelope (docs/quickbooks.md#faults). */
const expiredTokenBody = {
  warnings: null,
  intuitObject: null,
  fault: {
    error: [{ message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401', detail: 'Token expired: AB0173SECRETPART', code: '3200', element: null }],
    type: 'AUTHENTICATION',
  },
  report: null,
  queryResponse: null,
  time: 1730024394085,
};

const xmlFault =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="2015-01-01T00:00:00.000-07:00">' +
  '<Fault type="AuthenticationFault"><Error code="100"><Message>General Authentication Error</Message>' +
  '<Detail>AuthenticationErrorGeneral: SRV-110-Authentication Failure &amp; more</Detail></Error></Fault></IntuitResponse>';

describe('parseFault', () => {
  it('when the body is the JSON Fault.Error[] envelope, then message, detail, code and type are read', () => {
    expect(parseFault(validationBody)).toEqual({
      type: 'ValidationFault',
      errors: [{ message: 'Error parsing query', detail: expect.stringContaining('QueryParserError') as string, code: '4000' }],
    });
  });

  it('when the body is the lower-camel fault.error[] envelope, then it is read the same way', () => {
    expect(parseFault(expiredTokenBody)).toMatchObject({ type: 'AUTHENTICATION', errors: [{ code: '3200', message: expect.stringContaining('AuthenticationFailed') as string }] });
  });

  it('when the body is XML, then the Fault element is read and entities decoded', () => {
    expect(parseFault(xmlFault)).toEqual({
      type: 'AuthenticationFault',
      errors: [{ code: '100', message: 'General Authentication Error', detail: 'AuthenticationErrorGeneral: SRV-110-Authentication Failure & more' }],
    });
  });

  it('when the body is JSON text, then it is parsed first', () => {
    expect(parseFault(JSON.stringify(validationBody))?.errors[0]?.code).toBe('4000');
  });

  it('when there is no fault or the body is garbage, then undefined', () => {
    expect(parseFault({ QueryResponse: {} })).toBeUndefined();
    expect(parseFault('{"QueryResponse": {"Customer": [')).toBeUndefined();
    expect(parseFault('<html>Bad gateway</html>')).toBeUndefined();
    expect(parseFault(null)).toBeUndefined();
    expect(parseFault({ fault: null })).toBeUndefined();
  });
});

describe('errorFromResponse', () => {
  const headers = { intuit_tid: '1-628f0be4-19ed5ea63980105102b16b1e' };

  it('when QBO answers 400 ValidationFault, then a non-retryable QboValidationError with code, detail and intuit_tid', () => {
    const error = errorFromResponse({ status: 400, body: validationBody, headers });
    expect(error).toBeInstanceOf(QboValidationError);
    expect(error).toMatchObject({ status: 400, code: '4000', faultType: 'ValidationFault', intuitTid: headers.intuit_tid, retryable: false });
    expect(error.message).toContain('Error parsing query');
    expect(error.message).toContain('QueryParserError');
  });

  it('when a 200 carries a Fault, then it is still an error of the fault type', () => {
    const error = errorFromResponse({ status: 200, body: validationBody, headers: undefined });
    expect(error).toBeInstanceOf(QboValidationError);
    expect(error.status).toBe(200);
    const system = errorFromResponse({ status: 200, body: { Fault: { Error: [{ Message: 'Internal', code: '10000' }], type: 'SystemFault' } }, headers: undefined });
    expect(system).toBeInstanceOf(QboServerError);
    expect(system.retryable).toBe(true);
  });

  it('when QBO answers 401 with the lower-camel body, then a QboAuthError whose message never contains the token detail', () => {
    const error = errorFromResponse({ status: 401, body: expiredTokenBody, headers: { 'Intuit_Tid': 'tid-401' } });
    expect(error).toBeInstanceOf(QboAuthError);
    expect(error).toMatchObject({ status: 401, code: '3200', intuitTid: 'tid-401', retryable: false });
    expect(error.message).not.toContain('AB0173');
  });

  it('when QBO answers 401 with XML, then a QboAuthError with the XML code', () => {
    const error = errorFromResponse({ status: 401, body: xmlFault, headers: undefined });
    expect(error).toBeInstanceOf(QboAuthError);
    expect(error.code).toBe('100');
  });

  it('when QBO answers 429, then a retryable QboThrottleError carrying Retry-After in ms', () => {
    const body = { Fault: { Error: [{ Message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429', code: '3001' }], type: 'SERVICE' } };
    const error = errorFromResponse({ status: 429, body, headers: { 'retry-after': '7' } });
    expect(error).toBeInstanceOf(QboThrottleError);
    expect(error).toMatchObject({ retryable: true, code: '3001', retryAfterMs: 7000 });
  });

  it('when a ThrottleExceeded fault comes with 403, then it is throttling, not an auth error', () => {
    const body = { Fault: { Error: [{ Message: 'message=ThrottleExceeded; errorCode=003001; statusCode=403', code: '003001' }] } };
    expect(errorFromResponse({ status: 403, body, headers: undefined })).toBeInstanceOf(QboThrottleError);
  });

  it('when QBO answers 503 with an HTML page, then a retryable QboServerError with an http_ code', () => {
    const error = errorFromResponse({ status: 503, body: '<html>Service Unavailable</html>', headers: undefined });
    expect(error).toBeInstanceOf(QboServerError);
    expect(error).toMatchObject({ code: 'http_503', retryable: true });
  });

  it('when QBO answers 403 AuthorizationFault, then a QboAuthError; 404 is a validation error; 408 a network error', () => {
    const forbidden = { Fault: { Error: [{ Message: 'ApplicationAuthorizationFailed', code: '003100' }], type: 'AuthorizationFault' } };
    expect(errorFromResponse({ status: 403, body: forbidden, headers: undefined })).toBeInstanceOf(QboAuthError);
    expect(errorFromResponse({ status: 404, body: '', headers: undefined })).toBeInstanceOf(QboValidationError);
    expect(errorFromResponse({ status: 408, body: '', headers: undefined })).toBeInstanceOf(QboNetworkError);
  });
});

describe('malformedBody', () => {
  it('when a 2xx body is not the expected JSON, then a retryable QboServerError coded malformed_body', () => {
    const error = malformedBody(200, { intuit_tid: 't-1' }, 'not JSON');
    expect(error).toBeInstanceOf(QboServerError);
    expect(error).toMatchObject({ code: 'malformed_body', status: 200, intuitTid: 't-1', retryable: true });
  });
});
