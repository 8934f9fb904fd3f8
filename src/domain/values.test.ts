import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coerceValue, inferValueType, isNoValue, needsDoubleFor, normalizeValueType, type Value, type ValueType } from './values.js';

describe('inferValueType', () => {
  const f = (raw: unknown, want: ValueType) => it(`${JSON.stringify(raw)} → ${want}`, () => assert.equal(inferValueType(raw), want));

  // JSON values
  f(true, 'BOOLEAN');
  f(false, 'BOOLEAN');
  f(20, 'LONG');
  f(-3, 'LONG');
  f(0, 'LONG');
  f(3.0, 'LONG'); // JSON cannot tell 3.0 from 3
  f(2.34, 'DOUBLE');
  f(-0.5, 'DOUBLE');
  f(2 ** 53, 'DOUBLE'); // not a safe integer
  f(1e21, 'DOUBLE');
  f(null, 'STRING');
  f({ a: 1 }, 'STRING');
  // URL text
  f('3', 'LONG');
  f('+4', 'LONG');
  f('-12', 'LONG');
  f(' 42 ', 'LONG');
  f('3.0', 'DOUBLE');
  f('4.0', 'DOUBLE');
  f('2.34', 'DOUBLE');
  f('.5', 'DOUBLE');
  f('1.', 'DOUBLE');
  f('1e3', 'DOUBLE');
  f('-1.5E-2', 'DOUBLE');
  f('21.000000', 'DOUBLE');
  f('true', 'BOOLEAN');
  f('True', 'BOOLEAN');
  f('FALSE', 'BOOLEAN');
  f('on', 'STRING'); // only true/false infer BOOLEAN; on/off are words
  f('sw', 'STRING');
  f('normal', 'STRING');
  f('', 'STRING');
  f('MCU reset', 'STRING');
  f('0x10', 'STRING');
  f('NaN', 'STRING');
  f('Infinity', 'STRING');
  f('1,5', 'STRING');
  f('89014103211118510720', 'STRING'); // a 20-digit ICCID would lose digits as a number
  f('9007199254740991', 'LONG'); // largest safe integer
  f('9007199254740993', 'STRING');
});

describe('coerceValue', () => {
  const f = (type: ValueType, raw: unknown, want: Value | 'error') =>
    it(`${type} ${JSON.stringify(raw)} → ${JSON.stringify(want)}`, () => {
      const got = coerceValue(type, raw);
      if (want === 'error') assert.ok(typeof got === 'object' && typeof got.error === 'string' && got.error !== '', `expected an error, got ${JSON.stringify(got)}`);
      else assert.equal(got, want);
    });

  f('DOUBLE', 2.34, 2.34);
  f('DOUBLE', 20, 20);
  f('DOUBLE', '3.0', 3);
  f('DOUBLE', ' 4.5 ', 4.5);
  f('DOUBLE', '-1e2', -100);
  f('DOUBLE', '+7', 7);
  f('DOUBLE', 'abc', 'error');
  f('DOUBLE', 'sw', 'error');
  f('DOUBLE', '', 'error');
  f('DOUBLE', '1,5', 'error');
  f('DOUBLE', '0x10', 'error');
  f('DOUBLE', 'NaN', 'error');
  f('DOUBLE', '1e400', 'error');
  f('DOUBLE', Number.NaN, 'error');
  f('DOUBLE', Number.POSITIVE_INFINITY, 'error');
  f('DOUBLE', true, 'error');
  f('DOUBLE', null, 'error');
  f('DOUBLE', [1], 'error');
  f('LONG', 20, 20);
  f('LONG', '20', 20);
  f('LONG', '3.0', 3);
  f('LONG', -4, -4);
  f('LONG', 2.5, 'error');
  f('LONG', '2.5', 'error');
  f('LONG', 'x', 'error');
  f('LONG', 2 ** 62, 2 ** 62);
  f('LONG', -(2 ** 63), -(2 ** 63));
  f('LONG', '9223372036854775807', 2 ** 63); // Long.MAX_VALUE, as a double rounds it
  f('LONG', 1e20, 'error');
  f('LONG', '-1e19', 'error');
  f('DOUBLE', 1e20, 1e20);
  f('BOOLEAN', true, true);
  f('BOOLEAN', false, false);
  f('BOOLEAN', 1, true);
  f('BOOLEAN', 0, false);
  f('BOOLEAN', 'true', true);
  f('BOOLEAN', 'True', true);
  f('BOOLEAN', ' FALSE ', false);
  f('BOOLEAN', 'on', true);
  f('BOOLEAN', 'off', false);
  f('BOOLEAN', 'yes', true);
  f('BOOLEAN', 'no', false);
  f('BOOLEAN', '1', true);
  f('BOOLEAN', '0', false);
  f('BOOLEAN', 2, 'error');
  f('BOOLEAN', 'maybe', 'error');
  f('BOOLEAN', null, 'error');
  f('STRING', 'normal', 'normal');
  f('STRING', '', '');
  f('STRING', ' padded ', ' padded '); // text is kept as sent
  f('STRING', 20, '20');
  f('STRING', 2.5, '2.5');
  f('STRING', true, 'true');
  f('STRING', null, 'error');
  f('STRING', { a: 1 }, 'error');
});

describe('needsDoubleFor', () => {
  const f = (raw: unknown, want: boolean) => it(`${JSON.stringify(raw)} → ${want}`, () => assert.equal(needsDoubleFor(raw), want));

  f(2.5, true);
  f(-0.1, true);
  f(3, false);
  f(3.0, false);
  f(Number.NaN, false);
  f(Number.POSITIVE_INFINITY, false);
  f('2.5', true);
  f(' 0.01 ', true);
  f('1e-3', true);
  f('3', false);
  f('3.0', false); // a whole number written with a fraction stays LONG
  f('1.', false);
  f('1e3', false);
  f('abc', false);
  f('', false);
  f(true, false);
  f(null, false);
  f(1e20, true); // beyond a LONG
  f('1e20', true);
  f('123456789012345678901234', true);
  f(2 ** 62, false);
});

describe('coerceValue messages', () => {
  const error = (type: ValueType, raw: unknown) => (coerceValue(type, raw) as { error: string }).error;
  it('say what is wrong with the number sent', () => {
    assert.equal(error('DOUBLE', Number.POSITIVE_INFINITY), 'the number is beyond the range of a double (±1.8e308)'); // JSON 1e400
    assert.equal(error('LONG', '1e400'), "'1e400' is beyond the range of a double (±1.8e308)");
    assert.equal(error('DOUBLE', Number.NaN), 'NaN is not a number');
    assert.equal(error('LONG', 1e20), "'100000000000000000000' is beyond the 64-bit range of a LONG (±9223372036854775807)");
  });
});

describe('isNoValue', () => {
  const f = (raw: unknown, want: boolean) => it(`${JSON.stringify(raw)} → ${want}`, () => assert.equal(isNoValue(raw), want));

  f(null, true);
  f(undefined, true);
  f('', true);
  f(' ', false);
  f(0, false);
  f(false, false);
  f('0', false);
});

describe('normalizeValueType', () => {
  const f = (s: string, want: ValueType | undefined) => it(`${s} → ${want}`, () => assert.equal(normalizeValueType(s), want));

  f('DOUBLE', 'DOUBLE');
  f('double', 'DOUBLE');
  f('FLOAT', 'DOUBLE');
  f('big decimal', 'DOUBLE');
  f('LONG', 'LONG');
  f('INTEGER', 'LONG');
  f('short', 'LONG');
  f('STRING', 'STRING');
  f('Varchar', 'STRING');
  f('BOOL', 'BOOLEAN');
  f('boolean', 'BOOLEAN');
  f('date', undefined);
  f('', undefined);
});
