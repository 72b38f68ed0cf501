/**
 * Emulator helpers for Bedrock's error wire format (status, `x-amzn-ErrorType`, `x-amzn-RequestId`,
 * JSON body) and AWS time formats.
 * @module
 */

/** Namespace Bedrock appends to `x-amzn-ErrorType` (`ThrottlingException:http://internal.amazon.com/…`). */
export const ERROR_TYPE_NAMESPACE = 'http://internal.amazon.com/coral/com.amazon.bedrock/';

/** An error the emulator answers with, as Bedrock sends it. `key` is the body's message field name. */
export class AwsFault {
  status: number;
  type: string;
  message: string;
  key: 'message' | 'Message';
  constructor(status: number, type: string, message: string, key: 'message' | 'Message' = 'message') {
    this.status = status;
    this.type = type;
    this.message = message;
    this.key = key;
  }
}

/** 400 `ValidationException`. */
export const validation = (message: string): AwsFault => new AwsFault(400, 'ValidationException', message);

/** Bedrock's JSON-schema validation wording: `Malformed input request: #: …, please reformat your input and try again.` */
export const malformed = (detail: string): AwsFault =>
  validation(`Malformed input request: ${detail}, please reformat your input and try again.`);

/** The error response for `fault`: JSON body, `x-amzn-ErrorType`, request id, date. */
export function faultResponse(fault: AwsFault, requestId: string, date: Date): Response {
  return new Response(JSON.stringify({ [fault.key]: fault.message }), {
    status: fault.status,
    headers: {
      'content-type': 'application/json',
      'x-amzn-errortype': `${fault.type}:${ERROR_TYPE_NAMESPACE}`,
      'x-amzn-requestid': requestId,
      date: date.toUTCString(),
    },
  });
}

/** `20150830T123600Z` for a time in ms. */
export const amzDate = (ms: number): string => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '');

/** Parses `20150830T123600Z` to ms, or NaN. */
export function parseAmzDate(text: string): number {
  const m = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(text);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : NaN;
}
