import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalTimeZone, sameTimeZone } from './time-zone.js';

describe('canonicalTimeZone', () => {
  it("gives the runtime's spelling of a zone named in another case", () => {
    for (const [typed, stored] of [
      ['utc', 'UTC'],
      ['UTC', 'UTC'],
      ['europe/london', 'Europe/London'],
      ['EUROPE/LONDON', 'Europe/London'],
      ['Europe/London', 'Europe/London'],
      ['america/port-au-prince', 'America/Port-au-Prince'],
      ['etc/gmt+5', 'Etc/GMT+5'],
      [' Europe/Paris ', 'Europe/Paris'],
    ]) assert.equal(canonicalTimeZone(typed!), stored, typed);
  });

  it('keeps an alias as written, unless it is all lower case', () => {
    for (const z of ['Asia/Kolkata', 'Europe/Kyiv', 'Etc/UTC', 'US/Pacific', 'GMT']) assert.equal(canonicalTimeZone(z), z);
    assert.equal(canonicalTimeZone('etc/utc'), 'UTC');
    assert.equal(canonicalTimeZone('us/pacific'), 'America/Los_Angeles');
  });

  it('is undefined for what names no zone', () => {
    for (const z of ['', '  ', 'Mars/Olympus', '+01:00', 'Z']) assert.equal(canonicalTimeZone(z), undefined, z);
  });
});

describe('sameTimeZone', () => {
  it('compares the zones named, not the text', () => {
    assert.ok(sameTimeZone('utc', 'UTC'));
    assert.ok(sameTimeZone('Etc/UTC', 'UTC'));
    assert.ok(sameTimeZone('Asia/Kolkata', 'Asia/Calcutta'));
    assert.ok(sameTimeZone('', ''));
    assert.ok(!sameTimeZone('', 'UTC'));
    assert.ok(!sameTimeZone('UTC', ''));
    assert.ok(!sameTimeZone('Europe/London', 'UTC'));
    assert.ok(!sameTimeZone('Mars/Olympus', 'mars/olympus'));
  });
});
