import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../../domain/errors.js';
import { DEFAULT_STREAM_ROLLUP, type Stream, type StreamDef, type StreamRollupDef, type Unit } from '../../../domain/model.js';
import { defaultCalendars } from '../../../rollup/calendar.js';
import { defaultCycles, type Cycle } from '../../../rollup/cycle.js';
import { streamDefJson } from './component-json.js';
import type { RollupDefinitions } from '../../../storage/rollup-definitions.js';
import { parseStreams } from './stream-input.js';

const uidOf = (kind: string, id: string) => `${kind}-uid-${id}`;
// a 7-minute cycle does not tile 15 minutes; a half hour in its own zone does not tile zone-less hours
const extraCycles: Cycle[] = [
  { id: 'm7', name: '7 Minutes', sizeType: 'MINUTE', count: 7, reference: '2000-01-01T00:00:00' },
  { id: 'nyhalfhour', name: 'New York half hour', sizeType: 'MINUTE', count: 30, reference: '2000-01-01T00:00:00', timezone: 'America/New_York' },
];
const vocab: RollupDefinitions = {
  cycles: [...defaultCycles(), ...extraCycles].map((c) => ({ ...c, uid: uidOf('cycle', c.id) })),
  calendars: [...defaultCalendars(), { id: 'broken', name: 'Broken', cycleIds: ['week', 'month'] }].map((c) => ({ ...c, uid: uidOf('cal', c.id) })),
  deleteProfiles: [{ id: 'year1', uid: uidOf('dp', 'year1'), name: 'A year', unit: 'YEAR', count: 1 }],
};
const units: Unit[] = [{ uid: 'unit-uid-kwh', id: 'kwh', name: 'kWh', symbol: 'kWh', numberFormat: '', symbolLocation: 'AFTER', booleanStyle: 'TRUE_FALSE' }];

const parse = (streams: unknown[], existing: Stream[] = [], v: RollupDefinitions = vocab) => parseStreams(streams, 'component.stream', units, v, { existing });
const one = (el: object, existing: Stream[] = []) => parse([{ id: 's', valueType: 'DOUBLE', ...el }], existing)[0]!;
const rejects = (el: object, message: RegExp, existing: Stream[] = []) =>
  assert.throws(() => one(el, existing), (e: unknown) => e instanceof DomainError && e.kind === 'bad_request' && message.test(e.message));
const settings = (over: Partial<StreamRollupDef>): StreamRollupDef => ({ ...DEFAULT_STREAM_ROLLUP, ...over });

function stored(def: StreamDef, n = 0): Stream {
  return { ...def, key: n + 1, uid: `stream-uid-${def.id}`, position: n, lastTime: null, lastValue: null, created: 0 };
}

describe('parseStreams: stream kinds and rollup settings', () => {
  it('a stream without rollup fields has no rollup settings at all (stored as NULL)', () => {
    const s = one({ streamType: 'rdm_stream' });
    assert.equal(s.streamType, 'rdm_stream');
    assert.ok(!('rollup' in s));
  });

  it('an intvl_stream takes its base cycle and calendar by id, uid or bare id', () => {
    const want = settings({ baseCycleId: 'minute' });
    assert.deepEqual(one({ streamType: 'intvl_stream', baseCycle: { id: 'minute' }, rollupCalendar: { id: 'default' } }).rollup, want, "'default' is stored as null");
    assert.deepEqual(one({ streamType: 'intvl_stream', baseCycle: { uid: uidOf('cycle', 'minute') } }).rollup, want);
    assert.deepEqual(one({ streamType: 'intvl_stream', baseCycle: 'minute', rollupCalendar: null }).rollup, want);
    assert.deepEqual(one({ streamType: 'INTVL_STREAM', baseCycle: 'week', rollupCalendar: { uid: uidOf('cal', 'weekly') } }).rollup, settings({ baseCycleId: 'week', calendarId: 'weekly' }));
  });

  it('an intvl_stream without a base cycle, or with an unknown one, is a 400 naming the field', () => {
    rejects({ streamType: 'intvl_stream' }, /^component\.stream\[0\]\.baseCycle is required for an intvl_stream/);
    rejects({ streamType: 'intvl_stream', baseCycle: { uid: '' } }, /component\.stream\[0\]\.baseCycle is required/);
    rejects({ streamType: 'intvl_stream', baseCycle: { id: 'fortnight' } }, /^component\.stream\[0\]\.baseCycle: unknown cycle 'fortnight'/);
    rejects({ streamType: 'intvl_stream', baseCycle: 42 }, /component\.stream\[0\]\.baseCycle must be/);
    rejects({ baseCycle: 'minute', rollupCalendar: 'nope' }, /component\.stream\[0\]\.rollupCalendar: unknown rollup calendar 'nope'/);
  });

  it('the base cycle must tile the calendar: 400 with the tiling reason', () => {
    rejects({ streamType: 'intvl_stream', baseCycle: 'week' }, /baseCycle 'week' does not fit rollup calendar 'default': .*weeks do not fit evenly into months/);
    rejects({ streamType: 'intvl_stream', baseCycle: 'm7' }, /baseCycle 'm7' does not fit rollup calendar 'default': .*900000 ms is not a multiple of 420000 ms/);
    rejects({ streamType: 'intvl_stream', baseCycle: 'nyhalfhour' }, /does not fit rollup calendar 'default': .*different time zones/);
    rejects({ baseCycle: 'minute', rollupCalendar: 'broken' }, /rollupCalendar 'broken' cannot be used: .*weeks do not fit/);
    // a random stream's base cycle is kept but does not have to tile (it has no intervals)
    assert.equal(one({ baseCycle: 'm7' }).rollup?.baseCycleId, 'm7');
  });

  it('meterKind, randomAvg, timeAlignment and rollupMethod in any case', () => {
    const s = one({ meterKind: 'cumulative', randomAvg: 'Mean', timeAlignment: 'ENDING', rollupMethod: 'sum' });
    assert.deepEqual(s.rollup, settings({ meter: 'cumulative', randomAvg: 'mean', align: 'ending', rollupMethod: 'sum' }));
    assert.ok(!('rollup' in one({ meterKind: 'GAUGE', randomAvg: 'HOLD', timeAlignment: 'CONTAINING', rollupMethod: 'AVG', delete_profile: { uid: '' } })), 'defaults spelled out store nothing');
    rejects({ meterKind: 'SPIKY' }, /component\.stream\[0\]\.meterKind 'SPIKY' is not one of GAUGE, CUMULATIVE, DELTA/);
    rejects({ randomAvg: 'MEDIAN' }, /randomAvg 'MEDIAN'/);
    rejects({ timeAlignment: 'START' }, /timeAlignment 'START'/);
    rejects({ rollupMethod: 'MEDIAN' }, /rollupMethod 'MEDIAN' is not a statistic \(FIRST, LAST/);
    rejects({ valueType: 'STRING', meterKind: 'DELTA' }, /meterKind DELTA needs a numeric valueType \(DOUBLE or LONG\), not STRING/);
  });

  it('gapFill: NONE, PREVIOUS, or CONSTANT with a value of the stream type', () => {
    assert.deepEqual(one({ gapFill: { type: 'previous' } }).rollup?.gapFill, { kind: 'previous' });
    assert.deepEqual(one({ gapFill: { type: 'CONSTANT', value: '0' } }).rollup?.gapFill, { kind: 'constant', value: 0 });
    assert.deepEqual(one({ valueType: 'BOOLEAN', gapFill: { type: 'CONSTANT', value: 'off' } }).rollup?.gapFill, { kind: 'constant', value: false });
    assert.ok(!('rollup' in one({ gapFill: { type: 'NONE' } })));
    rejects({ gapFill: 'PREVIOUS' }, /gapFill must be \{"type"/);
    rejects({ gapFill: {} }, /gapFill\.type is required/);
    rejects({ gapFill: { type: 'LINEAR' } }, /gapFill\.type 'LINEAR'/);
    rejects({ gapFill: { type: 'CONSTANT' } }, /gapFill\.value is required with type CONSTANT/);
    rejects({ gapFill: { type: 'PREVIOUS', value: 1 } }, /gapFill\.value is only used with type CONSTANT/);
    rejects({ valueType: 'LONG', gapFill: { type: 'CONSTANT', value: 1.5 } }, /gapFill\.value does not fit valueType LONG: '1\.5' is not a whole number/);
    rejects({ valueType: 'LONG', gapFill: { type: 'CONSTANT', value: 1e20 } }, /^component\.stream\[0\]\.gapFill\.value does not fit valueType LONG: '100000000000000000000' is beyond the 64-bit range of a LONG/);
    rejects({ gapFill: { type: 'CONSTANT', value: Number.POSITIVE_INFINITY } }, /^component\.stream\[0\]\.gapFill\.value does not fit valueType DOUBLE: the number is beyond the range of a double \(±1\.8e308\)$/);
    rejects({ gapFill: { type: 'CONSTANT', value: null } }, /^component\.stream\[0\]\.gapFill\.value is null: type CONSTANT needs a value .*1e400/);
  });

  it('gap fills that would invent energy on a meter are a 400 saying why; the rest are fine', () => {
    const intvl = { streamType: 'intvl_stream', baseCycle: 'fifteenminute' };
    rejects({ ...intvl, meterKind: 'CUMULATIVE', gapFill: { type: 'CONSTANT', value: 0 } }, /^component\.stream\[0\]\.gapFill CONSTANT cannot be used with meterKind CUMULATIVE: a filled interval would be a register reading of 0, .*use PREVIOUS/);
    rejects({ ...intvl, meterKind: 'DELTA', gapFill: { type: 'PREVIOUS' } }, /^component\.stream\[0\]\.gapFill PREVIOUS cannot be used with meterKind DELTA: each filled interval would repeat the previous amount/);
    rejects({ ...intvl, meterKind: 'DELTA', gapFill: { type: 'CONSTANT', value: 5 } }, /^component\.stream\[0\]\.gapFill CONSTANT with meterKind DELTA must be 0: .*5 would add that much for every missed interval/);
    // random streams store the same settings (they may become interval streams): held to the same rule
    rejects({ meterKind: 'DELTA', gapFill: { type: 'PREVIOUS' } }, /gapFill PREVIOUS cannot be used with meterKind DELTA/);
    const fine: object[] = [
      { meterKind: 'CUMULATIVE', gapFill: { type: 'PREVIOUS' } },
      { meterKind: 'CUMULATIVE', gapFill: { type: 'NONE' } },
      { meterKind: 'DELTA', gapFill: { type: 'CONSTANT', value: 0 } },
      { meterKind: 'DELTA', gapFill: { type: 'CONSTANT', value: '0.0' } },
      { meterKind: 'GAUGE', gapFill: { type: 'CONSTANT', value: 7 } },
      { meterKind: 'GAUGE', gapFill: { type: 'PREVIOUS' } },
    ];
    for (const el of fine) assert.doesNotThrow(() => one({ ...intvl, ...el }), JSON.stringify(el));
    // the merged settings are checked: a meter kind changed alone, or a fill changed alone
    const gauge = stored({ ...one({ ...intvl, gapFill: { type: 'CONSTANT', value: 3 } }) });
    rejects({ meterKind: 'CUMULATIVE' }, /gapFill CONSTANT cannot be used with meterKind CUMULATIVE: a filled interval would be a register reading of 3/, [gauge]);
    const delta = stored({ ...one({ ...intvl, meterKind: 'DELTA' }) });
    rejects({ gapFill: { type: 'PREVIOUS' } }, /gapFill PREVIOUS cannot be used with meterKind DELTA/, [delta]);
  });

  it('delete_profile: {"uid":""} is none, else it must exist', () => {
    assert.equal(one({ delete_profile: { id: 'year1' } }).rollup?.deleteProfileId, 'year1');
    assert.equal(one({ delete_profile: { uid: uidOf('dp', 'year1') } }).rollup?.deleteProfileId, 'year1');
    rejects({ delete_profile: { uid: 'gone' } }, /component\.stream\[0\]\.delete_profile: unknown delete profile 'gone'/);
  });

  it('against a current stream, absent fields keep its settings and given ones change them', () => {
    const cur = stored({ id: 's', name: 's', description: '', valueType: 'LONG', streamType: 'intvl_stream', unitId: null, autoTyped: false, rollup: settings({ baseCycleId: 'minute', meter: 'delta', gapFill: { kind: 'constant', value: 0 } }) });
    assert.deepEqual(parse([{ id: 's' }], [cur])[0], { id: 's', name: 's', description: '', valueType: 'LONG', streamType: 'intvl_stream', unitId: null, autoTyped: false, rollup: cur.rollup });
    const hourly = parse([{ id: 's', baseCycle: 'hour', meterKind: 'GAUGE' }], [cur])[0]!;
    assert.deepEqual(hourly.rollup, settings({ baseCycleId: 'hour', meter: 'gauge', gapFill: { kind: 'constant', value: 0 } }));
    // a random stream keeps the base cycle it had (so it can become an interval stream again)
    assert.deepEqual(parse([{ id: 's', streamType: 'rdm_stream' }], [cur])[0]!.rollup, cur.rollup);
    // a kept constant is checked against a new value type
    const text = stored({ ...cur, valueType: 'STRING', streamType: 'rdm_stream', rollup: settings({ gapFill: { kind: 'constant', value: 'n/a' } }) });
    assert.throws(() => parse([{ id: 's', valueType: 'DOUBLE' }], [text]), /component\.stream\[0\]\.gapFill\.value does not fit valueType DOUBLE/);
    // and a kept reference the org no longer has is named
    const orphan = stored({ ...cur, rollup: settings({ baseCycleId: 'gone' }) });
    assert.throws(() => parse([{ id: 's' }], [orphan]), /component\.stream\[0\]\.baseCycle: unknown cycle 'gone'/);
    // rollupMethod "" goes back to the default
    const summed = stored({ ...cur, streamType: 'rdm_stream', rollup: settings({ rollupMethod: 'sum' }) });
    assert.ok(!('rollup' in parse([{ id: 's', rollupMethod: '' }], [summed])[0]!));
  });

  it('a stream that holds samples keeps its kind and an interval stream its base cycle (409); the rest may change', () => {
    const conflicts = (els: object[], existing: Stream[], message: RegExp, withSamples?: Set<string>) =>
      assert.throws(() => parseStreams(els, 'component.stream', units, vocab, { existing, withSamples }), (e: unknown) => e instanceof DomainError && e.kind === 'conflict' && message.test(e.message));
    const minute = { ...stored({ id: 'm', name: 'm', description: '', valueType: 'DOUBLE', streamType: 'intvl_stream', unitId: null, autoTyped: false, rollup: settings({ baseCycleId: 'minute' }) }), lastTime: 1000, lastValue: 1 };
    conflicts([{ id: 'm', baseCycle: 'fifteenminute' }], [minute], /^component\.stream\[0\]\.baseCycle: stream 'm' holds samples: its baseCycle cannot change from 'minute' to 'fifteenminute' \(delete it and add a new one\)$/);
    conflicts([{ id: 'm', streamType: 'rdm_stream' }], [minute], /^component\.stream\[0\]\.streamType: stream 'm' holds samples: its streamType cannot change from intvl_stream to rdm_stream/);
    const random = { ...minute, streamType: 'rdm_stream' as const, rollup: undefined };
    conflicts([{ id: 'm', streamType: 'intvl_stream', baseCycle: 'fifteenminute' }], [random], /streamType cannot change from rdm_stream to intvl_stream/);
    conflicts([{ id: 'm', streamType: 'point_stream' }], [random], /streamType cannot change from rdm_stream to point_stream/);
    conflicts([{ id: 'm', streamType: 'rdm_stream' }], [{ ...random, streamType: 'point_stream' }], /streamType cannot change from point_stream to rdm_stream/);
    // an interval stream of gaps only has no last value: the route says it holds samples
    const gaps = { ...minute, lastTime: null, lastValue: null };
    conflicts([{ id: 'm', baseCycle: 'hour' }], [gaps], /baseCycle cannot change/, new Set(['m']));
    assert.equal(parse([{ id: 'm', baseCycle: 'hour' }], [gaps])[0]!.rollup?.baseCycleId, 'hour', 'no samples: free');
    // meter, average, calendar and a random stream's unused base cycle stay free
    const changed = parse([{ id: 'm', meterKind: 'DELTA', randomAvg: 'MEAN', rollupCalendar: 'weekly' }], [minute])[0]!;
    assert.deepEqual([changed.rollup?.meter, changed.rollup?.randomAvg, changed.rollup?.calendarId], ['delta', 'mean', 'weekly']);
    assert.equal(parse([{ id: 'm', baseCycle: 'hour' }], [random])[0]!.rollup?.baseCycleId, 'hour');
  });
});

describe('streamDefJson: the rollup fields', () => {
  const def = (over: Partial<StreamDef>): StreamDef => ({ id: 's', name: 's', description: '', valueType: 'DOUBLE', streamType: 'rdm_stream', unitId: null, autoTyped: false, ...over });

  it('prints every field with its default for a stream without settings', () => {
    const j = streamDefJson(def({}), new Map(), vocab);
    assert.deepEqual(j, {
      id: 's', name: 's', description: '', valueType: 'DOUBLE', streamType: 'rdm_stream', unit: null,
      baseCycle: null,
      rollupCalendar: { id: 'default', uid: uidOf('cal', 'default') },
      rollupMethod: 'AVG',
      delete_profile: null,
      meterKind: 'GAUGE',
      randomAvg: 'HOLD',
      gapFill: { type: 'NONE' },
      timeAlignment: 'CONTAINING',
    });
    assert.equal(streamDefJson(def({}), new Map(), { ...vocab, calendars: [] }).rollupCalendar, null, 'an org without a default calendar');
  });

  it('prints references as {id, uid}; one the org no longer has gets uid ""', () => {
    const r = settings({ baseCycleId: 'minute', calendarId: 'weekly', deleteProfileId: 'year1', meter: 'delta', randomAvg: 'mean', align: 'ending', gapFill: { kind: 'constant', value: 0 }, rollupMethod: 'max' });
    const j = streamDefJson(def({ streamType: 'intvl_stream', rollup: r }), new Map(), vocab);
    assert.deepEqual([j.baseCycle, j.rollupCalendar, j.delete_profile], [
      { id: 'minute', uid: uidOf('cycle', 'minute') },
      { id: 'weekly', uid: uidOf('cal', 'weekly') },
      { id: 'year1', uid: uidOf('dp', 'year1') },
    ]);
    assert.deepEqual([j.rollupMethod, j.meterKind, j.randomAvg, j.gapFill, j.timeAlignment], ['MAX', 'DELTA', 'MEAN', { type: 'CONSTANT', value: 0 }, 'ENDING']);
    assert.deepEqual(streamDefJson(def({ rollup: settings({ baseCycleId: 'gone' }) }), new Map(), vocab).baseCycle, { id: 'gone', uid: '' });
  });

  it('what is printed parses back to the same definition', () => {
    const defs: StreamDef[] = [
      def({}),
      def({ streamType: 'intvl_stream', rollup: settings({ baseCycleId: 'fifteenminute', meter: 'cumulative', gapFill: { kind: 'previous' }, align: 'ending', deleteProfileId: 'year1', rollupMethod: 'sum' }) }),
      def({ streamType: 'point_stream', valueType: 'STRING', rollup: settings({ calendarId: 'weekly', randomAvg: 'mean', gapFill: { kind: 'constant', value: '-' } }) }),
    ];
    const back = parse(defs.map((d) => streamDefJson(d, new Map(), vocab)).map((j, i) => ({ ...j, id: `s${i}` })));
    assert.deepEqual(back, defs.map((d, i) => ({ ...d, id: `s${i}`, name: 's' })));
  });
});
