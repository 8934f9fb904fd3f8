import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCycles } from '../rollup/cycle.js';
import { writtenIntervalsError } from './interval-fit.js';

const cycles = defaultCycles();
const chainFrom = (...ids: string[]) => ids.map((id) => cycles.find((c) => c.id === id)!);
const hour = chainFrom('hour')[0]!;
const calendar = chainFrom('hour', 'day', 'month', 'year');
const end = (iso: string) => Date.parse(iso); // a stored time: the end of its interval

describe('writtenIntervalsError', () => {
  it('lets an hourly stream in Asia/Singapore write since 1982, and names the first interval written where its hours straddled midnights', () => {
    const sg = (times: number[]) => writtenIntervalsError(hour, calendar, 'Asia/Singapore', times);
    assert.equal(sg([end('2026-01-01T01:00:00Z'), end('2026-01-01T02:00:00Z')]), null);
    assert.equal(sg([end('1981-12-31T17:00:00Z')]), null, 'the first hour of 1982, local time');
    assert.equal(
      sg([end('1975-06-01T06:00:00Z'), end('2026-01-01T01:00:00Z')]),
      "the 'hour' interval from 1975-06-01T05:00:00.000Z to 1975-06-01T06:00:00.000Z lies where the stream's base cycle does not tile its rollup calendar, " +
        "so its statistics there would count part intervals (cycle 'hour' (1 HOUR) does not tile 'day' (1 DAY) in Asia/Singapore: e.g. the 'day' interval " +
        "from 1975-05-31T16:30:00Z to 1975-06-01T16:30:00Z is not made of whole 'hour' intervals (Asia/Singapore's UTC offset changes from +07:30 to +08:00 at 1981-12-31T16:00:00Z))",
    );
    // the last hour of 1981 lies in a 23.5-hour day
    assert.match(sg([end('1981-12-31T16:00:00Z')])!, /^the 'hour' interval from 1981-12-31T15:00:00.000Z to 1981-12-31T16:00:00.000Z lies where/);
  });

  it('looks at each sample only when the written range overlaps a misfit: samples on either side of one are fine', () => {
    // America/Caracas was -04:30 from 2007-12-09 to 2016-05-01
    const caracas = [end('2006-06-01T01:00:00Z'), end('2017-06-01T01:00:00Z')];
    assert.equal(writtenIntervalsError(hour, calendar, 'America/Caracas', caracas), null);
    assert.match(writtenIntervalsError(hour, calendar, 'America/Caracas', [...caracas, end('2010-06-01T01:00:00Z')].sort((a, b) => a - b))!, /from 2010-06-01T00:00:00.000Z/);
  });

  it('checks nothing without samples or without a calendar (GG_ROLLUPS=off)', () => {
    assert.equal(writtenIntervalsError(hour, calendar, 'Asia/Singapore', []), null);
    assert.equal(writtenIntervalsError(hour, [], 'Asia/Singapore', [end('1975-06-01T06:00:00Z')]), null);
    assert.equal(writtenIntervalsError(hour, chainFrom('hour'), 'Asia/Singapore', [end('1975-06-01T06:00:00Z')]), null, 'hours alone tile');
  });
});
