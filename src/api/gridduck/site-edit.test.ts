import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../domain/errors.js';
import { parseSiteEdit } from './site-edit.js';

describe('parseSiteEdit timezone', () => {
  it('is kept in its canonical spelling', () => {
    assert.deepEqual(parseSiteEdit({ timezone: 'europe/london' }), { timezone: 'Europe/London' });
    assert.deepEqual(parseSiteEdit({ timezone: 'utc' }), { timezone: 'UTC' });
  });

  it('refuses what is no zone', () => {
    for (const timezone of ['Mars/Olympus', 5, '']) {
      assert.throws(() => parseSiteEdit({ timezone }), (e) => e instanceof DomainError && e.kind === 'bad_request' && /IANA time zone/.test(e.message), String(timezone));
    }
  });
});
