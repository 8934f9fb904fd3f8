import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GroupCommit } from './group-commit.js';

/**
 * A store of numbers: commits all of a group or none; a negative number is bad input, and one of
 * 100 or more may not wait for others (as a plan that creates something).
 */
function numbers(maxPlans?: number) {
  const stored: number[] = [];
  const transactions: (number[] | string)[] = [];
  const group = new GroupCommit((plans: number[]) => {
    transactions.push([...plans]);
    if (plans.some((p) => p < 0)) throw new RangeError(`bad ${plans.find((p) => p < 0)}`);
    stored.push(...plans);
    return plans.map((p) => p * 10);
  }, (p) => p < 100, maxPlans);
  return { stored, transactions, group };
}

describe('GroupCommit', () => {
  it('commits the plans submitted in one turn in one transaction, in order, each getting its own result', async () => {
    const { stored, transactions, group } = numbers();
    const results = await Promise.all([1, 2, 3].map((p) => group.submit(p)));
    assert.deepEqual(results, [10, 20, 30]);
    assert.deepEqual(transactions, [[1, 2, 3]]);
    assert.deepEqual(stored, [1, 2, 3]);
    // a later turn is a new group
    assert.equal(await group.submit(4), 40);
    assert.deepEqual(transactions, [[1, 2, 3], [4]]);
  });

  it('when a group fails, commits each plan on its own: only the bad one fails, with its own error', async () => {
    const { stored, transactions, group } = numbers();
    const settled = await Promise.allSettled([1, -2, 3].map((p) => group.submit(p)));
    assert.deepEqual(settled.map((s) => s.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.deepEqual(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message)), [10, 'bad -2', 30]);
    assert.deepEqual(transactions, [[1, -2, 3], [1], [-2], [3]]);
    assert.deepEqual(stored, [1, 3]);
  });

  it('a lone plan that fails is committed once, not twice', async () => {
    const { transactions, group } = numbers();
    await assert.rejects(group.submit(-1), /bad -1/);
    assert.deepEqual(transactions, [[-1]]);
  });

  it('splits a long queue into groups of at most maxPlans, one per turn of the event loop', async () => {
    const { transactions, group } = numbers(2);
    const results = Promise.all([1, 2, 3, 4, 5].map((p) => group.submit(p)));
    setImmediate(() => transactions.push('another callback'));
    assert.deepEqual(await results, [10, 20, 30, 40, 50]);
    assert.deepEqual(transactions, [[1, 2], 'another callback', [3, 4], [5]]);
  });

  it('commits a plan that may not wait at once, alone, after the plans already waiting', async () => {
    const { stored, transactions, group } = numbers();
    const waiting = [group.submit(1), group.submit(2)];
    const alone = group.submit(100);
    assert.deepEqual(transactions, [[1, 2], [100]], 'committed within submit');
    assert.deepEqual(stored, [1, 2, 100]);
    assert.deepEqual(await Promise.all([...waiting, alone]), [10, 20, 1000]);
    await assert.rejects(group.submit(-100), /bad -100/);
    // nothing left queued: the next turn commits nothing more
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(transactions, [[1, 2], [100], [-100]]);
  });
});
