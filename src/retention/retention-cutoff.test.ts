import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retentionCutoff } from './retention-cutoff.js';

const at = (iso: string) => Date.parse(iso);

describe('retentionCutoff', () => {
  it('MINUTE and HOUR are fixed lengths', () => {
    const now = at('2024-03-31T12:00:00Z');
    assert.equal(retentionCutoff(now, { unit: 'MINUTE', count: 90 }, 'Europe/London'), now - 90 * 60_000);
    assert.equal(retentionCutoff(now, { unit: 'HOUR', count: 24 }, 'Europe/London'), now - 24 * 3_600_000);
  });

  it('DAY and WEEK keep the local time of day across a DST change', () => {
    // London springs forward on 2024-03-31: the day before is 23 hours long in UTC terms
    const now = at('2024-03-31T12:00:00Z'); // 13:00 BST
    assert.equal(retentionCutoff(now, { unit: 'DAY', count: 1 }, 'Europe/London'), at('2024-03-30T13:00:00Z'));
    assert.equal(retentionCutoff(now, { unit: 'DAY', count: 1 }, 'UTC'), at('2024-03-30T12:00:00Z'));
    assert.equal(retentionCutoff(now, { unit: 'WEEK', count: 2 }, 'Europe/London'), at('2024-03-17T13:00:00Z'));
  });

  it('MONTH and YEAR clamp to the end of shorter months', () => {
    assert.equal(retentionCutoff(at('2024-03-31T10:00:00Z'), { unit: 'MONTH', count: 1 }, 'UTC'), at('2024-02-29T10:00:00Z'));
    assert.equal(retentionCutoff(at('2024-02-29T10:00:00Z'), { unit: 'YEAR', count: 1 }, 'UTC'), at('2023-02-28T10:00:00Z'));
    assert.equal(retentionCutoff(at('2024-07-15T00:00:00Z'), { unit: 'MONTH', count: 6 }, 'America/New_York'), at('2024-01-15T01:00:00Z'));
  });
});
