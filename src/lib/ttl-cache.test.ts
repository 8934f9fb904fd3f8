import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manualClock } from './clock.js';
import { TtlCache } from './ttl-cache.js';

describe('TtlCache', () => {
  it('answers from memory within the TTL, loads again after it or after forget, never caches a miss', async () => {
    const clock = manualClock(0);
    const cache = new TtlCache<string, number>(clock, 10_000);
    let loads = 0;
    const load = async () => ++loads;
    assert.equal(await cache.get('a', load), 1);
    clock.advance(9_999);
    assert.equal(await cache.get('a', load), 1);
    clock.advance(1);
    assert.equal(await cache.get('a', load), 2);
    cache.forget('a');
    assert.equal(await cache.get('a', load), 3);
    let missing = 0;
    assert.equal(await cache.get('b', async () => (missing++, undefined)), undefined);
    assert.equal(await cache.get('b', async () => (missing++, undefined)), undefined);
    assert.equal(missing, 2);
  });

  it('a full cache starts over', async () => {
    const clock = manualClock(0);
    const cache = new TtlCache<string, number>(clock, 10_000, 2);
    let loads = 0;
    const load = async () => ++loads;
    assert.equal(await cache.get('a', load), 1);
    assert.equal(await cache.get('b', load), 2);
    assert.equal(await cache.get('a', load), 1);
    // full (2 entries): adding a third drops the others
    assert.equal(await cache.get('c', load), 3);
    assert.equal(await cache.get('c', load), 3);
    assert.equal(await cache.get('a', load), 4);
  });
});
