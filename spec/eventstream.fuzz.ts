import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fuzzDecoder, formatReport } from '../scripts/fuzz.ts';

const fuzz = suite('fuzzDecoder');

fuzz('fuzzDecoder :: 20,000 seeded mutations: only StreamError, no allocation over the cap', () => {
  const report = fuzzDecoder({ count: 20_000, seed: 1 });
  assert.equal(report.failures, [], formatReport(report));
  assert.ok(report.maxAllocation <= report.cap, `largest allocation ${report.maxAllocation} > cap ${report.cap}`);
  for (const [name, s] of Object.entries(report.byMutation)) {
    assert.is(s.otherErrors, 0, name);
    assert.is(s.inputs, s.decoded + s.streamErrors, `${name}: every input either decodes or fails with a StreamError`);
    assert.ok(s.streamErrors > 0, `${name} produced no StreamError: the mutation is not biting`);
  }
  assert.ok(report.byMutation['bit flips, CRCs fixed']!.decoded > 0, 'CRC fix-ups let mutated messages through to the header parser');
  for (const kind of ['Prelude checksum mismatch', 'Message checksum mismatch', 'message length', 'headers length', 'a name and a type from N to N within', 'value of N bytes, got', 'ended inside a message']) {
    assert.ok(Object.keys(report.errorKinds).some((k) => k.includes(kind)), `no input reached "${kind}"`);
  }
});

fuzz('fuzzDecoder :: a small cap holds against large messages and extreme lengths', () => {
  const report = fuzzDecoder({ count: 5_000, seed: 7, maxMessageBytes: 4096 });
  assert.equal(report.failures, []);
  assert.ok(report.maxAllocation <= 4096, `largest allocation ${report.maxAllocation}`);
  assert.ok(Object.keys(report.errorKinds).some((k) => k.includes('expected N to N bytes')), 'messages over the cap were refused');
});

fuzz('fuzzDecoder :: runs are reproducible from the seed', () => {
  const a = fuzzDecoder({ count: 2_000, seed: 42 }), b = fuzzDecoder({ count: 2_000, seed: 42 });
  const counts = (r: typeof a): unknown => Object.entries(r.byMutation).map(([k, { maxMs: _, ...s }]) => [k, s]);
  assert.equal(counts(a), counts(b));
  assert.equal(a.errorKinds, b.errorKinds);
  assert.is.not(JSON.stringify(fuzzDecoder({ count: 2_000, seed: 43 }).errorKinds), JSON.stringify(a.errorKinds), 'another seed, other inputs');
});

fuzz.run();
