import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCycles } from '../rollup/cycle.js';
import type { StreamRollupPlan } from '../rollup/stream-plan.js';
import type { Store } from '../storage/store.js';
import { applyPlanChange } from './apply-plan-change.js';

const c = Object.fromEntries(defaultCycles().map((x) => [x.id, x]));

describe('applyPlanChange', () => {
  const calls: unknown[][] = [];
  const store = { rollups: { rebuild: async (...a: unknown[]) => void calls.push(a) } } as unknown as Store;
  const london: StreamRollupPlan = { zone: 'Europe/London', base: null, chain: [c.hour!, c.day!] };
  const paris: StreamRollupPlan = { ...london, zone: 'Europe/Paris' };

  it('rebuilds only a changed plan, keeping what still fits; under GG_ROLLUPS=off it drops the states for the backfill', async () => {
    await applyPlanChange(store, true, 7, london, { ...london, zone: 'europe/london' });
    assert.deepEqual(calls, []);
    await applyPlanChange(store, true, 7, london, paris);
    assert.deepEqual(calls.splice(0), [[7, paris, { keep: ['hour'] }]]);
    await applyPlanChange(store, false, 7, london, paris);
    assert.deepEqual(calls.splice(0), [[7, null, { keep: [] }]]);
  });
});
