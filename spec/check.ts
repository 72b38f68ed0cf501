import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CONTROL, HTTP_TOKEN, NOT_LATIN1, isLoopback } from '../lib/check.ts';

const Control = suite('CONTROL');
Control('CONTROL :: CR, LF and NUL anywhere; tabs and other characters pass', () => {
  for (const s of ['a\rb', '\n', 'x\0']) assert.ok(CONTROL.test(s), JSON.stringify(s));
  for (const s of ['', 'a b\tc', 'é€😀', '\x7f']) assert.not.ok(CONTROL.test(s), JSON.stringify(s));
});
Control.run();

const Latin1 = suite('NOT_LATIN1');
Latin1('NOT_LATIN1 :: CR, LF, NUL, characters above U+00FF (what browsers\' Headers refuse; workerd lets the last through)', () => {
  for (const s of ['a\rb', 'a\nb', 'a\0b']) assert.throws(() => new Headers([['x', s]]), JSON.stringify(s));
  for (const s of ['a\rb', 'a\nb', 'a\0b', 'Ā', '€', '😀']) assert.ok(NOT_LATIN1.test(s), JSON.stringify(s));
  for (const s of ['', 'plain', 'tab\there', 'é ÿ', '\x7f']) {
    assert.not.ok(NOT_LATIN1.test(s), JSON.stringify(s));
    assert.is(new Headers([['x', s]]).get('x'), s.trim());
  }
});
Latin1.run();

const Token = suite('HTTP_TOKEN');
Token('HTTP_TOKEN :: RFC 9110 tokens, as Headers accepts names', () => {
  for (const s of ['x-amz-date', 'Content-Type', 'M-SEARCH', "a!#$%&'*+.^_`|~9"]) {
    assert.ok(HTTP_TOKEN.test(s), s);
    new Headers([[s, 'v']]);
  }
  for (const s of ['', 'a b', 'a:b', 'a(b)', 'é', 'a\r']) assert.not.ok(HTTP_TOKEN.test(s), JSON.stringify(s));
  for (const s of ['a b', 'a:b', 'a\r']) assert.throws(() => new Headers([[s, 'v']]), JSON.stringify(s));
});
Token.run();

const Loopback = suite('isLoopback');
Loopback('isLoopback :: localhost, 127.0.0.0/8 and [::1] as URL hostnames; nothing that only looks like them', () => {
  for (const h of ['localhost', '127.0.0.1', '127.8.9.10', '[::1]']) assert.ok(isLoopback(new URL(`http://${h}:1/`).hostname), h);
  for (const h of ['128.0.0.1', '127.0.0.1.evil.com', 'localhost.evil.com', '[::2]', '10.0.0.1', 'example.com']) assert.not.ok(isLoopback(new URL(`http://${h}/`).hostname), h);
});
Loopback.run();
