import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../domain/errors.js';
import { parseQuery } from '../../lib/query-string.js';
import { canonicalQuery, parseUrlFeed } from './feed-url.js';

const NOW = 1_700_000_000_000;

/** What a URL feed becomes, compactly: stream ('#0' = first data parameter, else its id) → [time, value] pairs. */
type Summary = { compId: string; streams: [string, [number, unknown][]][]; rsids: string[] };

function summarize(qs: string): Summary {
  const r = parseUrlFeed(canonicalQuery(parseQuery(qs)), NOW);
  return {
    compId: r.compId,
    streams: r.items.map((it) => {
      assert.equal(it.compId, r.compId);
      const name = 'position' in it.stream ? `#${it.stream.position}` : it.stream.id;
      return [name, it.samples.map((s) => [s.time, s.value] as [number, unknown])];
    }),
    rsids: r.rsids,
  };
}

describe('parseUrlFeed', () => {
  const f = (qs: string, streams: Summary['streams'], extra: Partial<Summary> = {}) =>
    it(qs, () => assert.deepEqual(summarize(qs), { compId: 'comp1', rsids: [], ...extra, streams }));

  // the seed's URLs (api_key, compTmplId, compName are not streams)
  f('compId=comp1&data=3&data=4', [['#0', [[NOW, '3']]], ['#1', [[NOW, '4']]]]);
  f('compTmplId=compTmpl1&compId=comp1&compName=Weather&data=1&data=2', [['#0', [[NOW, '1']]], ['#1', [[NOW, '2']]]]);
  f('compId=comp1&temp=3&wind=4&winddir=sw', [['temp', [[NOW, '3']]], ['wind', [[NOW, '4']]], ['winddir', [[NOW, 'sw']]]]);
  f('time=1380114721384&compId=comp1&temp=3&wind=4&winddir=sw', [['temp', [[1380114721384, '3']]], ['wind', [[1380114721384, '4']]], ['winddir', [[1380114721384, 'sw']]]]);
  f(';compId=comp1&temp=3&rsid=sleep_time&rsid=awake_time', [['temp', [[NOW, '3']]]], { rsids: ['sleep_time', 'awake_time'] });
  f('time=1380114721384&compId=comp1&temp=3&api_key=0ccc2159-2697-3dcd-a211-588e9ccbed71', [['temp', [[1380114721384, '3']]]]);
  f('compId=comp1&time=1380225121172,1380225181172&data=3,4&data=4,6', [
    ['#0', [[1380225121172, '3'], [1380225181172, '4']]],
    ['#1', [[1380225121172, '4'], [1380225181172, '6']]],
  ]);
  // freq: the last sample is now, the earlier ones freq apart
  f('compTmplId=compTmpl1&compId=comp1&compName=Weather&freq=60000&data=1,2&data=3.0,4.0', [
    ['#0', [[NOW - 60000, '1'], [NOW, '2']]],
    ['#1', [[NOW - 60000, '3.0'], [NOW, '4.0']]],
  ]);
  f('compId=comp1&freq=1000&temp=1,2,3', [['temp', [[NOW - 2000, '1'], [NOW - 1000, '2'], [NOW, '3']]]]);
  f('compId=comp1&freq=1000&temp=1', [['temp', [[NOW, '1']]]]);
  // timeEl: each sample's age
  f('compTmplId=compTmpl1&compId=comp1&compName=Weather&timeEl=60000,0&temp=3,4&wind=4.0,5.5&winddir=sw,sw', [
    ['temp', [[NOW - 60000, '3'], [NOW, '4']]],
    ['wind', [[NOW - 60000, '4.0'], [NOW, '5.5']]],
    ['winddir', [[NOW - 60000, 'sw'], [NOW, 'sw']]],
  ]);
  f('compId=comp1&timeEl=5&temp=1', [['temp', [[NOW - 5, '1']]]]);
  // delim
  f('compId=comp1&delim=;&time=1;2&temp=3;4', [['temp', [[1, '3'], [2, '4']]]]);
  f('compId=comp1&delim=%7C&time=10%7C20&temp=a,b%7Cc', [['temp', [[10, 'a,b'], [20, 'c']]]]);
  f('compId=comp1&delim=|&temp=1,5', [['temp', [[NOW, '1,5']]]]);
  f('compId=comp1&time=1%2C2&temp=3%2C4', [['temp', [[1, '3'], [2, '4']]]]); // %2C is the comma delimiter
  // reserved names in any case; stream ids keep theirs
  f('compid=comp1&TIME=5&Temp=1', [['Temp', [[5, '1']]]]);
  f('COMPID=comp1&Data=7', [['#0', [[NOW, '7']]]]);
  // flags and credentials are not streams
  f('asPut&compId=comp1&api_key=k&org=o&session=s&retStreamId&temp=1', [['temp', [[NOW, '1']]]]);
  f('compId=comp1&folder=/Components/x&dtId=t&dsId=s&temp=1', [['temp', [[NOW, '1']]]]);
  // empty values are passed on (ingest decides what "no value" means)
  f('compId=comp1&temp=', [['temp', [[NOW, '']]]]);
  f('compId=comp1&time=1,2&temp=,5', [['temp', [[1, ''], [2, '5']]]]);
  // data and stream ids together; repeated stream id params concatenate
  f('compId=comp1&data=1&wind=2', [['#0', [[NOW, '1']]], ['wind', [[NOW, '2']]]]);
  f('compId=comp1&time=1,2&temp=1&temp=2', [['temp', [[1, '1'], [2, '2']]]]);
  // rsid: empties dropped; order kept
  f('compId=comp1&temp=1&rsid=&rsid=b&rsid=a', [['temp', [[NOW, '1']]]], { rsids: ['b', 'a'] });
  // negative and zero epoch times are times
  f('compId=comp1&time=0,-1000&temp=1,2', [['temp', [[0, '1'], [-1000, '2']]]]);
});

describe('parseUrlFeed rejects', () => {
  const f = (qs: string, message: RegExp) =>
    it(qs, () =>
      assert.throws(
        () => parseUrlFeed(canonicalQuery(parseQuery(qs)), NOW),
        (e: unknown) => e instanceof DomainError && e.kind === 'bad_request' && message.test(e.message),
      ));

  f('data=3', /compId parameter is required/);
  f('compId=&data=3', /compId parameter is required/);
  f('compId=comp1', /data parameter or stream id parameters/);
  f('compId=comp1&api_key=k&time=1&rsid=x', /data parameter or stream id parameters/);
  // at most one of time, timeEl, freq
  f('compId=comp1&time=1&timeEl=0&temp=1', /at most one of time, timeEl and freq \(got time, timeEl\)/);
  f('compId=comp1&time=1&freq=10&temp=1', /at most one of time, timeEl and freq/);
  f('compId=comp1&timeEl=0&freq=10&temp=1', /at most one of time, timeEl and freq/);
  f('compId=comp1&time=1&timeEl=0&freq=10&temp=1', /at most one of time, timeEl and freq/);
  f('compId=comp1&time=1&TIMEEL=0&temp=1', /at most one of time, timeEl and freq/);
  // one list per time parameter
  f('compId=comp1&time=1,2&time=3,4&temp=1,2', /time appears 2 times/);
  f('compId=comp1&freq=10&freq=20&temp=1,2', /freq appears 2 times/);
  // count mismatches
  f('compId=comp1&time=1,2&temp=1,2,3', /'temp' has 3 value\(s\) but time has 2/);
  f('compId=comp1&time=1,2,3&temp=1,2', /'temp' has 2 value\(s\) but time has 3/);
  f('compId=comp1&time=1,2&data=1,2&data=1', /data #2 has 1 value\(s\) but time has 2/);
  f('compId=comp1&timeEl=1,2&temp=1', /'temp' has 1 value\(s\) but timeEl has 2/);
  f('compId=comp1&temp=1,2', /'temp' has 2 values; several values per stream need time, timeEl or freq/);
  f('compId=comp1&data=1,2', /data #1 has 2 values/);
  // bad times
  f('compId=comp1&time=abc&temp=1', /'abc' is not a time in epoch milliseconds/);
  f('compId=comp1&time=1.5&temp=1', /not a time in epoch milliseconds/);
  f('compId=comp1&time=&temp=1', /not a time in epoch milliseconds/);
  f('compId=comp1&time=1,,3&temp=1,2,3', /not a time in epoch milliseconds/);
  f('compId=comp1&time=1e12&temp=1', /not a time in epoch milliseconds/);
  f('compId=comp1&time=99999999999999999&temp=1', /not a time in epoch milliseconds/);
  f('compId=comp1&time=2013-09-25T13:12:01Z&temp=1', /not a time in epoch milliseconds/);
  f('compId=comp1&timeEl=-5&temp=1', /not a whole number of milliseconds/);
  f('compId=comp1&timeEl=abc&temp=1', /not a whole number of milliseconds/);
  f('compId=comp1&timeEl=1.5&temp=1', /not a whole number of milliseconds/);
  f('compId=comp1&freq=0&temp=1', /freq must be a positive whole number/);
  f('compId=comp1&freq=-1&temp=1', /freq must be a positive whole number/);
  f('compId=comp1&freq=abc&temp=1', /freq must be a positive whole number/);
  f('compId=comp1&freq=10,20&temp=1,2', /freq must be a positive whole number/);
  f('compId=comp1&freq=&temp=1', /freq must be a positive whole number/);
});

describe('canonicalQuery', () => {
  const f = (qs: string, want: Record<string, string | string[]>) => it(qs, () => assert.deepEqual({ ...canonicalQuery(parseQuery(qs)) }, want));

  f('compid=a&Temp=1', { compId: 'a', Temp: '1' });
  f('COMPTMPLID=t&RETSTREAMID&Api_Key=k', { compTmplId: 't', retStreamId: '', api_key: 'k' });
  f('compid=a&compId=b', { compId: ['a', 'b'] });
  f('rsid=a&RSID=b&data=1&DATA=2', { rsid: ['a', 'b'], data: ['1', '2'] });
  f('temp=1&TEMP=2', { temp: '1', TEMP: '2' });
});
