import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import tree from 'vectors:bedrock';
import {
  AuthenticationError,
  ContextLengthError,
  ModelNotFoundError,
  ProviderError,
  RateLimitError,
  ValidationError,
  errorFromException,
  errorFromResponse,
  StreamError,
  TimeoutError,
  isAuthenticationError,
  isContextLengthError,
  isModelNotFoundError,
  isProviderError,
  isRateLimitError,
  isStreamError,
  isTimeoutError,
  isValidationError,
  parseRetryAfter,
  redactSecrets,
} from '../lib/errors.ts';

const MODEL = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const RID = 'b3c4e1f0-1111-2222-3333-444455556666';

const TOKEN = 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+token=';
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const SIG = '5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7';
/** Every string a caller could see of an error: message, stack, String(), JSON, and the same along the cause chain. */
const views = (e: unknown): string[] => (e instanceof Error ? [e.message, e.stack ?? '', String(e), JSON.stringify(e), ...views(e.cause)] : e === undefined ? [] : [String(e)]);

/** An AWS JSON error answer: `x-amzn-ErrorType` + `x-amzn-RequestId` headers, `{"message": …}` body. */
function aws(status: number, type: string | null, message: string, extra: Record<string, string> = {}): ProviderError {
  const headers = new Headers({ 'content-type': 'application/json', 'x-amzn-RequestId': RID, ...extra });
  if (type) headers.set('x-amzn-ErrorType', `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`);
  return errorFromResponse(status, headers, JSON.stringify({ message }), MODEL);
}

const response = suite('errorFromResponse');

response('errorFromResponse :: 403 UnrecognizedClientException → AuthenticationError (seed text)', () => {
  const e = aws(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  assert.instance(e, AuthenticationError);
  assert.is(e.message, 'authentication failed for provider "bedrock": The security token included in the request is invalid.');
  assert.is(e.code, 'UnrecognizedClientException');
  assert.is(e.status, 403);
  assert.is(e.requestId, RID);
  assert.is(e.model, MODEL);
  assert.is(e.retryable, false);
  assert.ok(isProviderError(e));
});

for (const type of [
  'InvalidSignatureException', 'ExpiredTokenException', 'AccessDeniedException', 'IncompleteSignatureException', 'UnrecognizedClientException',
  'MissingAuthenticationTokenException', 'InvalidClientTokenId', 'SignatureDoesNotMatch', 'RequestTimeTooSkewed',
]) {
  response(`errorFromResponse :: ${type} → AuthenticationError`, () => {
    const e = aws(400, type, 'nope');
    assert.instance(e, AuthenticationError);
    assert.is(e.code, type);
  });
}

response('errorFromResponse :: 401 without a type → AuthenticationError', () => {
  const e = errorFromResponse(401, new Headers(), '', MODEL);
  assert.instance(e, AuthenticationError);
  assert.is(e.code, 'AuthenticationError');
  assert.match(e.message, /HTTP 401/);
});

response('errorFromResponse :: signature errors never echo the canonical request (session token)', () => {
  const token = 'IQoJb3JpZ2luX2VjEXAMPLETOKEN';
  const msg = `The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'POST\n/model/x/invoke\n\nhost:bedrock-runtime.us-east-1.amazonaws.com\nx-amz-security-token:${token}\n'\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n...'`;
  const e = aws(403, 'InvalidSignatureException', msg);
  assert.instance(e, AuthenticationError);
  assert.not.match(e.message, token);
  assert.not.match(e.message, /Canonical/);
  assert.match(e.message, /does not match the signature you provided/);
  const inline = aws(403, 'InvalidSignatureException', `Signature mismatch. The Canonical String for this request should have been 'x-amz-security-token:${token}'`);
  assert.not.match(inline.message, token);
});

response('errorFromResponse :: secrets echoed by an upstream are redacted (JSON message, non-JSON body, error type)', () => {
  const secrets = [SECRET, TOKEN, SIG];
  const json = errorFromResponse(400, new Headers(), JSON.stringify({ Message: `bad header x-amz-security-token: ${TOKEN}` }), MODEL, secrets);
  assert.instance(json, ValidationError);
  assert.match(json.message, 'bad header x-amz-security-token: [redacted]');
  const text = errorFromResponse(500, new Headers(), `<html>Signature=${SIG}, token ${encodeURIComponent(TOKEN)}, key ${SECRET}</html>`, MODEL, secrets);
  assert.match(text.message, /Signature=\[redacted\], token \[redacted\], key \[redacted\]/);
  const typed = errorFromResponse(403, new Headers({ 'x-amzn-ErrorType': `Denied${SIG}` }), '{}', MODEL, secrets);
  assert.is(typed.code, 'Denied[redacted]');
  for (const e of [json, text, typed]) for (const v of views(e)) for (const s of secrets) assert.not.ok(v.includes(s) || v.includes(encodeURIComponent(s)), `leaked in ${v}`);
  // without secrets (the 4-argument form), the text is kept as it came
  assert.match(errorFromResponse(400, new Headers(), JSON.stringify({ message: `x ${TOKEN}` }), MODEL).message, TOKEN);
});

response('errorFromResponse :: 429 ThrottlingException → RateLimitError, no Retry-After', () => {
  const e = aws(429, 'ThrottlingException', 'Too many requests, please wait before trying again.');
  assert.instance(e, RateLimitError);
  assert.is(e.message, 'rate limit exceeded for provider "bedrock": Too many requests, please wait before trying again.');
  assert.is((e as RateLimitError).retryAfter, undefined);
  assert.is(e.retryable, true);
  assert.is(e.code, 'ThrottlingException');
  assert.is(e.status, 429);
});

response('errorFromResponse :: Retry-After seconds and HTTP date', () => {
  assert.is((aws(429, 'ThrottlingException', 'slow', { 'retry-after': '7' }) as RateLimitError).retryAfter, 7);
  const at = new Date(Date.now() + 30_000).toUTCString();
  const s = (aws(429, null, '', { 'retry-after': at }) as RateLimitError).retryAfter!;
  assert.ok(s >= 28 && s <= 31, String(s));
});

response('errorFromResponse :: TooManyRequestsException and a bare 429 → RateLimitError; other 400 names are not auth errors', () => {
  for (const [status, type] of [[400, 'TooManyRequestsException'], [429, null], [429, 'SomethingNewException']] as const) {
    const e = aws(status, type, 'slow');
    assert.instance(e, RateLimitError, String(type));
    assert.is(e.retryable, true);
  }
  for (const type of ['TokenLimitException', 'ConflictException', 'ModelErrorException']) assert.not.instance(aws(400, type, 'x'), AuthenticationError, type);
});

response('errorFromResponse :: ServiceQuotaExceededException → RateLimitError, not retried', () => {
  const e = aws(400, 'ServiceQuotaExceededException', 'Your request exceeds the service quota for your account.');
  assert.instance(e, RateLimitError);
  assert.is(e.retryable, false);
  assert.is(e.code, 'ServiceQuotaExceededException');
});

response('errorFromResponse :: ModelNotReadyException (429) is retryable, not a rate limit', () => {
  const e = aws(429, 'ModelNotReadyException', 'Model is not ready for inference. Wait and try your request again.');
  assert.not.instance(e, RateLimitError);
  assert.instance(e, ProviderError);
  assert.is(e.retryable, true);
  assert.is(e.code, 'ModelNotReadyException');
  assert.is(e.message, 'request failed for provider "bedrock" (ModelNotReadyException): Model is not ready for inference. Wait and try your request again.');
  assert.is(e.model, MODEL);
});

response('errorFromResponse :: "prompt is too long" → ContextLengthError with numbers', () => {
  const e = aws(400, 'ValidationException', 'prompt is too long: 215341 tokens > 200000 maximum') as ContextLengthError;
  assert.instance(e, ContextLengthError);
  assert.is(e.requestTokens, 215341);
  assert.is(e.maxTokens, 200000);
  assert.is(e.message, `context length exceeded for provider "bedrock" model "${MODEL}": prompt is too long: 215341 tokens > 200000 maximum`);
  assert.is(e.code, 'ValidationException');
  assert.is(e.status, 400);
  assert.is(e.retryable, false);
});

response('errorFromResponse :: "input length and max_tokens exceed context limit" → sums the numbers', () => {
  const e = aws(400, 'ValidationException', 'input length and `max_tokens` exceed context limit: 187254 + 20000 > 200000, decrease input length or `max_tokens` and try again') as ContextLengthError;
  assert.instance(e, ContextLengthError);
  assert.is(e.requestTokens, 207254);
  assert.is(e.maxTokens, 200000);
});

response('errorFromResponse :: other context forms → ContextLengthError without numbers', () => {
  for (const msg of ['Input is too long for requested model.', 'The input exceeds the context window of the model', 'Too many input tokens in the prompt.']) {
    const e = aws(400, 'ValidationException', msg) as ContextLengthError;
    assert.instance(e, ContextLengthError, msg);
    assert.is(e.requestTokens, undefined);
    assert.is(e.maxTokens, undefined);
  }
});

response('errorFromResponse :: 400 ValidationException → ValidationError', () => {
  const e = aws(400, 'ValidationException', 'messages: roles must alternate between "user" and "assistant"');
  assert.instance(e, ValidationError);
  assert.is(e.code, 'ValidationException');
  assert.is(e.status, 400);
  assert.is((e as ValidationError).field, undefined);
  assert.match(e.message, /^request rejected for provider "bedrock": messages: roles must alternate/);
});

response('errorFromResponse :: 404 ResourceNotFoundException → ModelNotFoundError', () => {
  const e = aws(404, 'ResourceNotFoundException', 'Could not resolve the foundation model from the provided model identifier.');
  assert.instance(e, ModelNotFoundError);
  assert.is(e.code, 'ResourceNotFoundException');
  assert.match(e.message, /^model not found for provider "bedrock" model "anthropic/);
});

response('errorFromResponse :: invalid model identifier (400) → ModelNotFoundError', () => {
  const e = aws(400, 'ValidationException', 'The provided model identifier is invalid.');
  assert.instance(e, ModelNotFoundError);
  assert.is(e.code, 'ValidationException');
});

const retryCases: Array<[number, string | null, boolean]> = [
  [408, 'ModelTimeoutException', true],
  [424, 'ModelErrorException', true],
  [500, 'InternalServerException', true],
  [502, null, true],
  [503, 'ServiceUnavailableException', true],
  [504, null, true],
  [400, 'ConflictException', false],
  [409, null, false],
];
for (const [status, type, retryable] of retryCases) {
  response(`errorFromResponse :: ${status} ${type ?? '(no type)'} → ProviderError retryable=${retryable}`, () => {
    const e = aws(status, type, 'upstream trouble');
    assert.is(e.constructor, ProviderError);
    assert.is(e.retryable, retryable);
    assert.is(e.status, status);
    assert.is(e.code, type ?? `HTTP${status}`);
    assert.match(e.message, /^request failed for provider "bedrock" \(.+\): upstream trouble$/);
  });
}

response('errorFromResponse :: __type in the body, Message capitalised', () => {
  const body = JSON.stringify({ __type: 'com.amazon.coral.service#UnrecognizedClientException', Message: 'The security token included in the request is invalid.' });
  const e = errorFromResponse(403, new Headers(), body, MODEL);
  assert.instance(e, AuthenticationError);
  assert.is(e.code, 'UnrecognizedClientException');
  assert.match(e.message, /security token included in the request is invalid/);
  assert.is(e.requestId, undefined);
});

response('errorFromResponse :: header wins over the body type', () => {
  const headers = new Headers({ 'x-amzn-ErrorType': 'ThrottlingException:http://internal.amazon.com/' });
  const e = errorFromResponse(400, headers, JSON.stringify({ __type: 'ValidationException', message: 'slow down' }));
  assert.instance(e, RateLimitError);
  assert.is(e.model, undefined);
});

response('errorFromResponse :: non-JSON bodies', () => {
  const html = errorFromResponse(502, new Headers(), '<html><body>Bad Gateway</body>\n</html>', MODEL);
  assert.is(html.retryable, true);
  assert.match(html.message, /Bad Gateway/);
  const empty = errorFromResponse(503, new Headers(), '', MODEL);
  assert.match(empty.message, /HTTP 503/);
  const noMessage = errorFromResponse(500, new Headers({ 'x-amzn-ErrorType': 'InternalServerException' }), '{"foo":1}', MODEL);
  assert.is(noMessage.code, 'InternalServerException');
  assert.match(noMessage.message, /: InternalServerException$/);
  assert.match(errorFromResponse(500, new Headers(), '[1,2]', MODEL).message, /: \[1,2\]$/);
  const long = errorFromResponse(500, new Headers(), 'x'.repeat(5000), MODEL);
  assert.ok(long.message.length < 400);
});

response('errorFromResponse :: x-amz-request-id fallback', () => {
  const e = errorFromResponse(500, new Headers({ 'x-amz-request-id': 'abc' }), '{}', MODEL);
  assert.is(e.requestId, 'abc');
});

/** What the AWS SDK makes of the same HTTP error answer: exception name, message, request id. */
async function sdkError(status: number, headers: Record<string, string>, body: string): Promise<{ name: string; message: string; requestId?: string }> {
  const client = new BedrockRuntimeClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
    maxAttempts: 1,
    requestHandler: { handle: async () => ({ response: { statusCode: status, headers, body: new TextEncoder().encode(body) } }) } as never,
  });
  try {
    await client.send(new ConverseCommand({ modelId: MODEL, messages: [] }));
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { requestId?: string } };
    return { name: err.name, message: err.message, requestId: err.$metadata?.requestId };
  }
  throw new Error('the SDK accepted an error answer');
}

const sdkCases: Array<[number, string, Record<string, string>, Record<string, unknown>]> = [
  [403, 'AccessDeniedException', {}, { message: "You don't have access to the model with the specified model ID." }],
  [404, 'ResourceNotFoundException', {}, { message: 'Model not found.' }],
  [429, 'ThrottlingException', {}, { message: 'Too many requests, please wait before trying again.' }],
  [400, 'ServiceQuotaExceededException', {}, { message: 'Quota exceeded.' }],
  [429, 'ModelNotReadyException', {}, { message: 'Model is not ready for inference.' }],
  [408, 'ModelTimeoutException', {}, { message: 'Model has timed out in processing the request.' }],
  [424, 'ModelErrorException', {}, { message: 'The model returned an error.' }],
  [500, 'InternalServerException', {}, { message: 'Internal failure.' }],
  [503, 'ServiceUnavailableException', {}, { message: 'Bedrock is unable to process your request.' }],
  [400, 'ValidationException', {}, { message: 'Malformed input request, please reformat your input and try again.' }],
  [403, 'UnrecognizedClientException', { __type: 'com.amazon.coral.service#UnrecognizedClientException' }, { Message: 'The security token included in the request is invalid.' }],
  [400, 'ValidationException', { __type: 'ValidationException' }, { message: 'Bad field.' }],
];
for (const [status, name, typeInBody, payload] of sdkCases) {
  const where = Object.keys(typeInBody).length ? 'body __type' : 'x-amzn-ErrorType';
  response(`errorFromResponse :: ${status} ${name} (${where}) agrees with the AWS SDK`, async () => {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amzn-requestid': RID };
    if (!Object.keys(typeInBody).length) headers['x-amzn-errortype'] = `${name}:http://internal.amazon.com/coral/com.amazon.bedrock/`;
    const body = JSON.stringify({ ...typeInBody, ...payload });
    const sdk = await sdkError(status, headers, body);
    const ours = errorFromResponse(status, new Headers(headers), body, MODEL);
    assert.is(sdk.name, name);
    assert.is(ours.code, sdk.name);
    assert.is(ours.requestId, sdk.requestId);
    assert.ok(ours.message.endsWith(sdk.message), `${ours.message} / ${sdk.message}`);
    assert.is(ours.status, status);
  });
}

response.run();

const retryAfter = suite('parseRetryAfter');

retryAfter('parseRetryAfter :: seconds, dates, junk', () => {
  const now = Date.parse('2025-01-02T03:04:05Z');
  assert.is(parseRetryAfter('12', now), 12);
  assert.is(parseRetryAfter('1.5', now), 1.5);
  assert.is(parseRetryAfter('Thu, 02 Jan 2025 03:04:15 GMT', now), 10);
  assert.is(parseRetryAfter('Thu, 02 Jan 2025 03:00:00 GMT', now), 0);
  assert.is(parseRetryAfter('soon', now), undefined);
  assert.is(parseRetryAfter(null), undefined);
  assert.is(parseRetryAfter(''), undefined);
});

retryAfter.run();

const exception = suite('errorFromException');

/** The `:exception-type` header and `message` of each exception vector, decoded by smithy's codec. */
function exceptionFrames(): Array<{ file: string; type: string; message: string }> {
  const codec = new EventStreamCodec((b: Uint8Array) => new TextDecoder().decode(b), (s: string) => new TextEncoder().encode(s));
  return Object.entries(tree)
    .filter(([f]) => f.startsWith('exception-'))
    .map(([file, bytes]) => {
      const m = codec.decode(bytes as Uint8Array);
      assert.is(m.headers[':message-type']?.value, 'exception');
      return { file, type: String(m.headers[':exception-type']?.value), message: JSON.parse(new TextDecoder().decode(m.body)).message };
    });
}

exception('errorFromException :: vectors map to typed errors', () => {
  const frames = exceptionFrames();
  assert.is(frames.length, 6);
  const byType = Object.fromEntries(frames.map((f) => [f.type, errorFromException(f.type, f.message, MODEL)]));
  assert.instance(byType.throttlingException, RateLimitError);
  assert.is(byType.throttlingException!.retryable, true);
  assert.is(byType.throttlingException!.code, 'ThrottlingException');
  assert.instance(byType.validationException, ContextLengthError);
  assert.is((byType.validationException as ContextLengthError).requestTokens, undefined);
  for (const t of ['internalServerException', 'serviceUnavailableException']) {
    assert.is(byType[t]!.constructor, ProviderError, t);
    assert.is(byType[t]!.retryable, true, t);
  }
  for (const t of ['modelStreamErrorException', 'modelTimeoutException']) {
    assert.is(byType[t]!.constructor, ProviderError, t);
    assert.is(byType[t]!.retryable, false, t);
  }
  for (const f of frames) {
    const e = byType[f.type]!;
    assert.is(e.code, f.type[0]!.toUpperCase() + f.type.slice(1));
    assert.ok(e.message.includes(f.message), `${f.file}: ${e.message}`);
    assert.is(e.model, MODEL);
  }
});

exception('errorFromException :: statuses as Bedrock documents them', () => {
  assert.is(errorFromException('modelStreamErrorException', 'x').status, 424);
  assert.is(errorFromException('serviceUnavailableException', 'x').status, 503);
  assert.is(errorFromException('someNewException', 'x').status, undefined);
  assert.is(errorFromException('someNewException', 'x').retryable, false);
});

exception('errorFromException :: validation forms', () => {
  const ctx = errorFromException('validationException', 'prompt is too long: 300000 tokens > 200000 maximum') as ContextLengthError;
  assert.is(ctx.requestTokens, 300000);
  assert.instance(errorFromException('validationException', 'bad field'), ValidationError);
  assert.instance(errorFromException('accessDeniedException', 'no access'), AuthenticationError);
  assert.instance(errorFromException('resourceNotFoundException', 'gone'), ModelNotFoundError);
});

exception('errorFromException :: empty type or message', () => {
  const e = errorFromException('', '');
  assert.is(e.code, 'UnknownStreamException');
  assert.is(e.retryable, false);
  assert.match(errorFromException('throttlingException', '').message, /ThrottlingException/);
});

exception('errorFromException :: secrets given are redacted from the message', () => {
  const e = errorFromException('validationException', `bad token ${TOKEN} and key ${SECRET}`, MODEL, [TOKEN, SECRET]);
  assert.instance(e, ValidationError);
  assert.match(e.message, 'bad token [redacted] and key [redacted]');
  for (const v of views(e)) assert.not.ok(v.includes(TOKEN) || v.includes(SECRET), v);
});

exception('errorFromException :: a secret straddling the 300-character cut leaves none of its characters once redacted', () => {
  for (const secret of [SECRET, TOKEN]) {
    for (const pad of [265, 270, 280, 288]) {
      const e = errorFromException('validationException', `${'x'.repeat(pad)} echoed ${secret}`, MODEL);
      assert.ok(e.message.includes(secret.slice(0, 4)), 'cut inside the secret');
      for (const k of ['message', 'stack'] as const) e[k] &&= redactSecrets(e[k]!, [secret]);
      assert.match(e.message, / echoed \[redacted\]…$/);
      for (const v of views(e)) assert.not.ok(v.includes(secret.slice(0, 4)), v);
    }
  }
  const given = errorFromException('validationException', `${'x'.repeat(270)} echoed ${SECRET}`, MODEL, [SECRET]);
  assert.match(given.message, / echoed \[redacted\]$/, 'secrets given: redacted before the cut');
});

exception.run();

const redact = suite('redactSecrets');

redact('redactSecrets :: every occurrence and the URL-encoded form', () => {
  assert.is(redactSecrets(`${TOKEN}|${TOKEN}|${encodeURIComponent(TOKEN)}|${SECRET}`, [TOKEN, SECRET]), '[redacted]|[redacted]|[redacted]|[redacted]');
  assert.is(redactSecrets(`a ${SIG} b`, [undefined, null, '', SIG]), 'a [redacted] b');
});

redact('redactSecrets :: the start (4 characters or more) of a secret right before a cut (…) is redacted; others are kept', () => {
  assert.is(redactSecrets(`key ${SECRET.slice(0, 24)}…`, [TOKEN, SECRET]), 'key [redacted]…');
  assert.is(redactSecrets(`key ${encodeURIComponent(SECRET).slice(0, 16)}…`, [SECRET]), 'key [redacted]…', 'URL-encoded');
  assert.is(redactSecrets(`Error: a ${TOKEN.slice(0, 9)}…\n    at f (x.js:1:1)`, [TOKEN]), 'Error: a [redacted]…\n    at f (x.js:1:1)', 'a stack');
  assert.is(redactSecrets(`${SECRET} then ${SECRET.slice(0, 30)}…`, [SECRET]), '[redacted] then [redacted]…');
  assert.is(redactSecrets(`key ${SECRET.slice(0, 3)}…`, [SECRET]), `key ${SECRET.slice(0, 3)}…`, '3 characters are kept');
  assert.is(redactSecrets(`key ${SECRET.slice(1, 20)}…`, [SECRET]), `key ${SECRET.slice(1, 20)}…`, 'not its start');
  assert.is(redactSecrets(`key ${SECRET.slice(0, 20)} …`, [SECRET]), `key ${SECRET.slice(0, 20)} …`, 'not right before the cut');
  assert.is(redactSecrets('…wJal…', [SECRET]), '…[redacted]…');
});

redact('redactSecrets :: takes any iterable (a Set), duplicates change nothing', () => {
  assert.is(redactSecrets(`a ${SECRET} b ${TOKEN}`, new Set([SECRET, TOKEN])), 'a [redacted] b [redacted]');
  assert.is(redactSecrets(`a ${SECRET}`, [SECRET, SECRET, encodeURIComponent(SECRET)]), 'a [redacted]');
});

redact('redactSecrets :: secrets shorter than 8 characters, or none, leave the text as it is', () => {
  assert.is(redactSecrets('took a key', ['k', 'key', '1234567']), 'took a key');
  assert.is(redactSecrets('12345678 x'), '12345678 x');
  assert.is(redactSecrets('12345678 x', ['12345678']), '[redacted] x');
});

redact.run();

const classes = suite('error classes');

classes('error classes :: guards match class and name, fields and cause kept', () => {
  const cause = new Error('socket hang up');
  const all = [
    [new AuthenticationError('x'), isAuthenticationError],
    [new RateLimitError({ retryAfter: 3 }), isRateLimitError],
    [new ContextLengthError({ model: 'm' }), isContextLengthError],
    [new ModelNotFoundError('x'), isModelNotFoundError],
    [new ValidationError('x', { field: 'f' }), isValidationError],
    [new TimeoutError('x', { cause }), isTimeoutError],
    [new StreamError('x'), isStreamError],
  ] as const;
  for (const [error, guard] of all) {
    assert.ok(guard(error), error.name);
    assert.ok(isProviderError(error));
    assert.is(error.provider, 'bedrock');
    for (const [other, otherGuard] of all) if (other !== error) assert.not.ok(otherGuard(error), `${other.name} guard on ${error.name}`);
  }
  assert.not.ok(isProviderError(new Error('x')));
  assert.is(all[5][0].cause, cause);
  assert.is(new RateLimitError().message, 'rate limit exceeded for provider "bedrock"');
  assert.is(new ContextLengthError({ model: 'm' }).message, 'context length exceeded for provider "bedrock" model "m"');
  assert.is(new ProviderError('x').code, 'ProviderError');
});

classes('error classes :: a user subclass keeps its parent library class name, code and guard', () => {
  class MyAuthError extends AuthenticationError {}
  class MyStream extends StreamError {}
  const a = new MyAuthError('denied');
  assert.is(a.name, 'AuthenticationError');
  assert.is(a.code, 'AuthenticationError');
  assert.ok(isAuthenticationError(a));
  assert.ok(a instanceof MyAuthError);
  const s = new MyStream('cut');
  assert.is(s.name, 'StreamError');
  assert.ok(isStreamError(s) && !isAuthenticationError(s));
});

classes('error classes :: instanceof holds for the classes of another copy of the module (each built entry may carry one)', () => {
  // What a second copy of lib/errors.ts defines, as far as instanceof can see: the same brand and static names.
  const brand = Symbol.for('@ainative/bedrock.ProviderError');
  class CopyProviderError extends Error {
    static override name = 'ProviderError';
    static {
      Object.defineProperty(this, brand, { value: true });
    }
  }
  class CopyValidationError extends CopyProviderError {
    static override name = 'ValidationError';
  }
  class LookAlike extends Error {
    static override name = 'ValidationError';
  }
  class Mine extends ValidationError {}
  const copy = new CopyValidationError('x');
  assert.ok(copy instanceof ValidationError && copy instanceof ProviderError);
  assert.not.ok(copy instanceof StreamError || copy instanceof AuthenticationError);
  assert.not.ok(copy instanceof Mine, 'a user subclass is matched by identity');
  assert.not.ok(new LookAlike('x') instanceof ValidationError, 'no brand, no match');
  for (const v of [null, undefined, 'ValidationError', 42, {}, new Error('x')]) assert.not.ok(v instanceof ProviderError, String(v));
  assert.ok(new Mine('y') instanceof Mine && new Mine('y') instanceof ValidationError && !(new ValidationError('z') instanceof Mine));
});

classes('error classes :: own fields in a fixed order, code defaults to the class name', () => {
  const e = new RateLimitError({ retryAfter: 2, detail: 'slow', model: 'm' });
  assert.equal(Object.keys(e), ['name', 'provider', 'code', 'status', 'model', 'requestId', 'retryable', 'retryAfter']);
  assert.is(JSON.stringify(e), '{"name":"RateLimitError","provider":"bedrock","code":"ThrottlingException","model":"m","retryable":true,"retryAfter":2}');
  assert.match(e.stack ?? '', /^RateLimitError: rate limit exceeded for provider "bedrock": slow/);
  for (const C of [ProviderError, AuthenticationError, ValidationError, TimeoutError, StreamError]) {
    const err = new C('x');
    assert.is(err.name, C.name);
    assert.is(err.code, C.name);
    assert.is(err.constructor, C);
  }
  assert.equal([RateLimitError, ContextLengthError, ModelNotFoundError].map((C) => C.name), ['RateLimitError', 'ContextLengthError', 'ModelNotFoundError']);
  assert.is(new ValidationError('x', { code: 'ValidationException' }).code, 'ValidationException');
  assert.is(new TimeoutError('x', { retryable: true }).retryable, true);
  const renamed = new StreamError('x');
  renamed.name = 'Other';
  assert.not.ok(isStreamError(renamed));
  assert.ok(isProviderError(renamed));
});

classes.run();
