import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHECKED_FROM, CHECKED_TO, offsetChanges } from './offset-changes.js';

const iso = (t: number) => new Date(t).toISOString();

describe('offsetChanges', () => {
  it('finds each DST change of Europe/London to the second', () => {
    const in2026 = offsetChanges('Europe/London').filter((c) => new Date(c.at).getUTCFullYear() === 2026);
    assert.deepEqual(in2026.map((c) => [iso(c.at), c.from, c.to]), [
      ['2026-03-29T01:00:00.000Z', '+00:00', '+01:00'],
      ['2026-10-25T01:00:00.000Z', '+01:00', '+00:00'],
    ]);
  });

  it('finds one-off changes and half-hour DST', () => {
    assert.deepEqual(offsetChanges('Asia/Kathmandu').map((c) => [iso(c.at), c.from, c.to]), [['1985-12-31T18:30:00.000Z', '+05:30', '+05:45']]);
    const lordHowe = offsetChanges('Australia/Lord_Howe').find((c) => new Date(c.at).getUTCFullYear() === 2026);
    assert.deepEqual([lordHowe?.from, lordHowe?.to], ['+11:00', '+10:30']);
  });

  it('a zone without changes has none, and every change lies in the checked range', () => {
    assert.deepEqual(offsetChanges('UTC'), []);
    assert.deepEqual(offsetChanges('Asia/Kolkata'), []); // +05:30 since 1945
    for (const c of offsetChanges('America/Sao_Paulo')) assert.ok(c.at >= CHECKED_FROM && c.at < CHECKED_TO);
  });

  it('each change is a real one: the offset differs a millisecond before it', () => {
    const fmt = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Havana', timeZoneName: 'longOffset' });
    const name = (t: number) => fmt.formatToParts(t).find((p) => p.type === 'timeZoneName')!.value;
    const changes = offsetChanges('America/Havana');
    assert.ok(changes.length > 50);
    for (const c of changes) assert.notEqual(name(c.at - 1), name(c.at), iso(c.at));
  });
});
