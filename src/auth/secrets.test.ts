import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomId, randomToken } from './secrets.js';

describe('random tokens and ids', () => {
  it('tokens use RFC 3986 unreserved characters; ids only letters and digits (never a leading "-")', () => {
    const tokens = Array.from({ length: 2000 }, () => randomToken(24));
    assert.ok(tokens.every((t) => /^[A-Za-z0-9._~-]{24}$/.test(t)));
    for (const mark of '-._~') assert.ok(tokens.some((t) => t.includes(mark)), `'${mark}' is in the alphabet`);
    const ids = Array.from({ length: 2000 }, () => randomId(24));
    assert.ok(ids.every((t) => /^[A-Za-z0-9]{24}$/.test(t)));
    assert.equal(new Set(ids).size, ids.length);
  });
});
