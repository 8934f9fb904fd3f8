import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCycles, type Cycle } from './cycle.js';
import { planChange } from './plan-change.js';
import type { StreamRollupPlan } from './stream-plan.js';

const c = Object.fromEntries(defaultCycles().map((x) => [x.id, x])) as Record<string, Cycle>;
const plan = (zone: string, chain: Cycle[], base: Cycle | null = null): StreamRollupPlan => ({ zone, base, chain });

describe('planChange', () => {
  it('leaves the states alone when the same intervals are materialised (another spelling of the zone, a renamed cycle)', () => {
    assert.deepEqual(planChange(plan('utc', [c.hour!, c.day!]), plan('UTC', [c.hour!, c.day!])), { rebuild: false });
    assert.deepEqual(planChange(plan('UTC', [c.hour!, c.day!]), plan('UTC', [{ ...c.hour!, name: 'Stunde' }, c.day!])), { rebuild: false });
    assert.deepEqual(planChange(plan('UTC', [c.hour!], c.fifteenminute!), plan('UTC', [c.hour!], { ...c.fifteenminute!, timezone: '' })), { rebuild: false });
  });

  it('rebuilds, keeping the cycles both plans have unchanged, when the materialised cycles change', () => {
    const twoDay: Cycle = { ...c.day!, id: 'twoday', count: 2 };
    assert.deepEqual(planChange(plan('UTC', [c.hour!, c.day!]), plan('UTC', [c.hour!, twoDay])), { rebuild: true, keep: ['hour'] });
    assert.deepEqual(planChange(plan('UTC', [c.hour!, c.day!]), plan('UTC', [c.hour!])), { rebuild: true, keep: ['hour'] });
    assert.deepEqual(planChange(plan('UTC', [c.hour!, c.day!]), plan('UTC', [])), { rebuild: true, keep: [] }, 'a point stream materialises nothing');
    assert.deepEqual(planChange(plan('UTC', [c.hour!]), plan('UTC', [c.hour!, c.day!])), { rebuild: true, keep: ['hour'] });
    assert.deepEqual(planChange(plan('UTC', [c.hour!, c.day!]), plan('UTC', [{ ...c.hour!, reference: '2000-01-01T00:30:00' }, c.day!])), { rebuild: true, keep: ['day'] });
  });

  it('keeps what lands on the same instants in another zone: hours between whole-hour zones, a cycle with its own zone', () => {
    assert.deepEqual(planChange(plan('Europe/London', [c.hour!, c.day!]), plan('Europe/Paris', [c.hour!, c.day!])), { rebuild: true, keep: ['hour'] });
    assert.deepEqual(planChange(plan('UTC', [c.hour!, c.day!]), plan('Asia/Kolkata', [c.hour!, c.day!])), { rebuild: true, keep: [] }, 'Kolkata hours start at :30 UTC');
    const utcDay: Cycle = { ...c.day!, timezone: 'UTC' };
    assert.deepEqual(planChange(plan('Europe/London', [c.hour!, utcDay]), plan('Asia/Tokyo', [c.hour!, utcDay])), { rebuild: false });
  });

  it('keeps nothing when where the samples fall changes', () => {
    assert.deepEqual(planChange(plan('UTC', [c.hour!, c.day!]), plan('Asia/Kolkata', [c.hour!, c.day!])), { rebuild: true, keep: [] });
    assert.deepEqual(planChange(plan('UTC', [c.hour!, c.day!]), plan('UTC', [c.hour!, c.day!], c.fifteenminute!)), { rebuild: true, keep: [] });
    assert.deepEqual(planChange(plan('UTC', [c.hour!, c.day!], c.minute!), plan('UTC', [c.hour!, c.day!], c.fifteenminute!)), { rebuild: true, keep: [] });
  });
});
