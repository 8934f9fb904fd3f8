import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../domain/errors.js';
import type { Component, Stream } from '../../domain/model.js';
import { parseFeedBody, type BodyFeed } from './feed-body.js';

const NOW = 1_700_000_000_000;
const COMP_UID = 'c0ffee00-0000-5000-8000-000000000001';
const TEMP_UID = 'c0ffee00-0000-5000-8000-0000000000a1';

function stream(id: string, uid: string, position: number): Stream {
  return { key: position + 1, uid, position, id, name: id, description: '', valueType: 'DOUBLE', streamType: 'rdm_stream', unitId: null, autoTyped: false, lastTime: null, lastValue: null, created: 0 };
}

const comp1: Component = {
  key: 1, uid: COMP_UID, orgKey: 1, created: 0, id: 'comp1', name: 'Weather', description: '', timezone: 'UTC', folderPath: '', templateId: '',
  streams: [stream('temp', TEMP_UID, 0)],
};
const byUid = async (uid: string) => (uid === COMP_UID ? comp1 : undefined);

/** item → "compId/streamId" with [time, value] pairs */
const summary = (b: BodyFeed) => b.items.map((it) => ['id' in it.stream ? `${it.compId}/${it.stream.id}` : '?', it.samples.map((s) => [s.time, s.value])]);

describe('parseFeedBody: the simple array form', () => {
  const f = (name: string, body: unknown, want: unknown, defaultCompId?: string) =>
    it(name, async () => {
      const got = await parseFeedBody(body, defaultCompId, byUid, NOW);
      assert.deepEqual(summary(got), want);
      assert.deepEqual(got.create, {});
    });

  // the seed's body
  f('the seed example', [
    { compId: 'comp1', streamId: 'wind', data: 2.34 },
    { compId: 'comp1', streamId: 'temp', data: 72.3 },
    { compId: 'comp2', streamId: 'speed', data: 20 },
    { compId: 'comp2', streamId: 'heading', data: 120.2, time: 1380225121172 },
    { compId: 'comp2', streamId: 'status', data: 'normal', time: 1380225121172 },
  ], [
    ['comp1/wind', [[NOW, 2.34]]],
    ['comp1/temp', [[NOW, 72.3]]],
    ['comp2/speed', [[NOW, 20]]],
    ['comp2/heading', [[1380225121172, 120.2]]],
    ['comp2/status', [[1380225121172, 'normal']]],
  ]);
  f('an empty array', [], []);
  f('values of every kind', [
    { compId: 'c', streamId: 'a', data: true },
    { compId: 'c', streamId: 'b', data: '21.000000' },
    { compId: 'c', streamId: 'n', data: null },
    { compId: 'c', streamId: 'z', data: 0 },
  ], [['c/a', [[NOW, true]]], ['c/b', [[NOW, '21.000000']]], ['c/n', [[NOW, null]]], ['c/z', [[NOW, 0]]]]);
  f('data and time arrays', [{ compId: 'c', streamId: 's', data: [1, 2, 3], time: [10, 20, 30] }], [['c/s', [[10, 1], [20, 2], [30, 3]]]]);
  f('a one-element data array without time', [{ compId: 'c', streamId: 's', data: [5] }], [['c/s', [[NOW, 5]]]]);
  f('an empty data array', [{ compId: 'c', streamId: 's', data: [], time: [] }], [['c/s', []]]);
  f('a one-element time array with scalar data', [{ compId: 'c', streamId: 's', data: 5, time: [10] }], [['c/s', [[10, 5]]]]);
  f('time null means now', [{ compId: 'c', streamId: 's', data: 5, time: null }], [['c/s', [[NOW, 5]]]]);
  f('numeric ids become text', [{ compId: 7, streamId: 3, data: 1 }], [['7/3', [[NOW, 1]]]]);
  f('compId from the URL when the item has none', [{ streamId: 's', data: 1 }], [['urlcomp/s', [[NOW, 1]]]], 'urlcomp');
  f("the item's compId wins over the URL's", [{ compId: 'c', streamId: 's', data: 1 }], [['c/s', [[NOW, 1]]]], 'urlcomp');
  f('unknown extra fields are ignored', [{ compId: 'c', streamId: 's', data: 1, unit: 'mph' }], [['c/s', [[NOW, 1]]]]);
  f('negative and zero times', [{ compId: 'c', streamId: 's', data: [1, 2], time: [0, -5] }], [['c/s', [[0, 1], [-5, 2]]]]);
});

describe('parseFeedBody: legacy {"feed":...} forms (notes §3)', () => {
  it('form 1: componentUid/streamUid with data and time arrays', async () => {
    const got = await parseFeedBody(
      { feed: { component: [{ componentUid: COMP_UID, stream: [{ streamUid: TEMP_UID, data: [1.5, 2.5], time: [1000, 2000] }] }] } },
      undefined, byUid, NOW,
    );
    assert.deepEqual(summary(got), [['comp1/temp', [[1000, 1.5], [2000, 2.5]]]]);
  });

  it('form 2: componentId/streamId', async () => {
    const got = await parseFeedBody(
      { feed: { component: [{ componentId: 'rpi', stream: [{ streamId: 'cpu_temp', time: [1380225121172], data: [48.3] }, { streamId: 'load', time: [1380225121172], data: [0.2] }] }] } },
      undefined, byUid, NOW,
    );
    assert.deepEqual(summary(got), [['rpi/cpu_temp', [[1380225121172, 48.3]]], ['rpi/load', [[1380225121172, 0.2]]]]);
    assert.deepEqual(got.create, { componentDefaults: { rpi: {} }, streamDefaults: {} });
  });

  it('form 3: a feed-level time array, component and stream defaults', async () => {
    const got = await parseFeedBody({
      feed: {
        time: [1000, 2000],
        component: [{
          componentId: 'dev1', createDefault: false, compTmplId: 'tmpl',
          defaults: { name: 'Device 1', description: 'the first', folderPath: '/Components/x' },
          stream: [
            { defaults: { streamType: 'rdm_stream', description: 'count', name: 'Count', valueType: 'INTEGER', unitId: 'noSymbol' }, compId: 'dev1', streamId: 'count', data: [1, 2] },
            { defaults: { valueType: 'FLOAT', unitId: 'mph', streamType: 'intvl_stream' }, streamId: 'speed', data: [3.5, 4.5], time: [5000, 6000] },
          ],
        }],
      },
    }, undefined, byUid, NOW);
    assert.deepEqual(summary(got), [['dev1/count', [[1000, 1], [2000, 2]]], ['dev1/speed', [[5000, 3.5], [6000, 4.5]]]]);
    assert.deepEqual(got.create, {
      componentDefaults: { dev1: { name: 'Device 1', description: 'the first', folder: '/Components/x', templateId: 'tmpl' } },
      streamDefaults: {
        'dev1\u0000count': { name: 'Count', description: 'count', valueType: 'LONG', autoTyped: false, streamType: 'rdm_stream' },
        'dev1\u0000speed': { valueType: 'DOUBLE', autoTyped: false, streamType: 'intvl_stream', unitId: 'mph' },
      },
    });
  });

  it('several components in one feed', async () => {
    const got = await parseFeedBody(
      { feed: { component: [{ componentId: 'a', stream: [{ streamId: 's', data: 1 }] }, { compId: 'b', stream: [{ streamId: 's', data: 'x', time: 7 }] }] } },
      undefined, byUid, NOW,
    );
    assert.deepEqual(summary(got), [['a/s', [[NOW, 1]]], ['b/s', [[7, 'x']]]]);
  });
});

describe('parseFeedBody rejects', () => {
  const f = (name: string, body: unknown, message: RegExp) =>
    it(name, () =>
      assert.rejects(parseFeedBody(body, undefined, byUid, NOW), (e: unknown) => e instanceof DomainError && e.kind === 'bad_request' && message.test(e.message)));

  f('a bare object', { compId: 'c', streamId: 's', data: 1 }, /expected a JSON array/);
  f('a number', 42, /expected a JSON array/);
  f('a string', 'hello', /expected a JSON array/);
  f('{"feed":[]}', { feed: [] }, /expected a JSON array/);
  f('an item that is not an object', [1], /item #1: expected an object/);
  f('a null item', [null], /item #1: expected an object/);
  f('no compId', [{ streamId: 's', data: 1 }], /item #1: compId is missing/);
  f('no streamId', [{ compId: 'c', data: 1 }], /item #1: streamId is missing/);
  f('an empty streamId', [{ compId: 'c', streamId: '', data: 1 }], /streamId is missing/);
  f('no data', [{ compId: 'c', streamId: 's' }], /item #1: data/);
  f('object data', [{ compId: 'c', streamId: 's', data: { v: 1 } }], /data must be a number, text, boolean, null or a list/);
  f('nested array data', [{ compId: 'c', streamId: 's', data: [[1]], time: [1] }], /data values must be/);
  f('the second item is bad', [{ compId: 'c', streamId: 's', data: 1 }, { compId: 'c', data: 2 }], /item #2: streamId is missing/);
  f('a text time', [{ compId: 'c', streamId: 's', data: 1, time: '1380225121172' }], /time '"1380225121172"' is not epoch milliseconds/);
  f('a fractional time', [{ compId: 'c', streamId: 's', data: 1, time: 1.5 }], /is not epoch milliseconds/);
  f('a time out of range', [{ compId: 'c', streamId: 's', data: 1, time: 2 ** 50 }], /is not epoch milliseconds/);
  f('a bad time in an array', [{ compId: 'c', streamId: 's', data: [1, 2], time: [1, 'x'] }], /is not epoch milliseconds/);
  f('data array longer than time', [{ compId: 'c', streamId: 's', data: [1, 2], time: [1] }], /data has 2 values but time has 1 times/);
  f('data array without time', [{ compId: 'c', streamId: 's', data: [1, 2] }], /2 data values need a time array/);
  f('a scalar time for a data array', [{ compId: 'c', streamId: 's', data: [1, 2], time: 5 }], /but time has no list of times/);
  f('feed.component not a list', { feed: { component: {} } }, /feed.component must be a list/);
  f('a component without id', { feed: { component: [{ stream: [] }] } }, /componentId or componentUid is required/);
  f('an unknown componentUid', { feed: { component: [{ componentUid: 'nope', stream: [] }] } }, /unknown componentUid 'nope'/);
  f('an unknown streamUid', { feed: { component: [{ componentUid: COMP_UID, stream: [{ streamUid: 'nope', data: 1 }] }] } }, /unknown streamUid 'nope'/);
  f('a streamUid of a component named by id', { feed: { component: [{ componentId: 'comp1', stream: [{ streamUid: TEMP_UID, data: 1 }] }] } }, /unknown streamUid/);
  f('stream not a list', { feed: { component: [{ componentId: 'c', stream: {} }] } }, /stream must be a list/);
  f('a stream without id', { feed: { component: [{ componentId: 'c', stream: [{ data: 1 }] }] } }, /streamId or streamUid is required/);
  f('an unknown valueType in defaults', { feed: { component: [{ componentId: 'c', stream: [{ streamId: 's', data: 1, defaults: { valueType: 'COMPLEX' } }] }] } }, /unknown valueType 'COMPLEX'/);
  f('feed-level time shorter than data', { feed: { time: [1], component: [{ componentId: 'c', stream: [{ streamId: 's', data: [1, 2] }] }] } }, /data has 2 values but time has 1/);
});
