import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_ROLLUP_SETTINGS, retainPoint } from './rollup-settings.js';
import { instantSample as at } from './sample.js';
import { assertStat, STAT_FIXTURES } from './stat-fixtures.js';
import { parseStatId, STAT_IDS } from './stat-id.js';
import { statisticOf, statisticsOf } from './statistics.js';

describe('statistics by definition', () => {
  for (const f of STAT_FIXTURES) {
    it(f.name, () => {
      const all = statisticsOf(f.samples, f.sd, f.ed, f.settings, f.ctx);
      for (const [id, want] of Object.entries(f.expected)) assertStat(all[id as keyof typeof all], want, id);
      for (const id of STAT_IDS) assertStat(statisticOf(id, f.samples, f.sd, f.ed, f.settings, f.ctx), all[id], `single ${id}`);
    });
  }
  it('rejects unsorted, duplicate and out-of-interval samples', () => {
    const s = DEFAULT_ROLLUP_SETTINGS;
    assert.throws(() => statisticsOf([at(20, 1), at(10, 1)], 0, 100, s), RangeError);
    assert.throws(() => statisticsOf([at(10, 1), at(10, 2)], 0, 100, s), RangeError);
    assert.throws(() => statisticsOf([at(100, 1)], 0, 100, s), RangeError);
  });
});

describe('stream-kind helpers', () => {
  it('point streams keep the latest time; same time replaces', () => {
    assert.deepEqual(retainPoint(null, at(5, 1)), at(5, 1));
    assert.deepEqual(retainPoint(at(5, 1), at(4, 2)), at(5, 1));
    assert.deepEqual(retainPoint(at(5, 1), at(5, 2)), at(5, 2));
  });
  it('parses stat ids in any case', () => {
    assert.equal(parseStatId('AVG'), 'avg');
    assert.equal(parseStatId(' NonGapMillisecCount '), 'nongapmilliseccount');
    assert.equal(parseStatId('median'), undefined);
  });
});
