/**
 * The behavioural contract every Store backend must pass (see store.ts). A backend's test file
 * calls storeContractSuite with a factory; the suite makes one store, gives each case fresh
 * organisations so cases never see each other's rows, and cleans up at the end.
 * The cases live in contract/ by area.
 */
import { after, before, describe } from 'node:test';
import type { Org } from '../domain/model.js';
import { atomicityCases } from './contract/atomicity.js';
import { componentCases } from './contract/components.js';
import { cycleCalendarCases } from './contract/cycles-calendars.js';
import { entityCases } from './contract/entities.js';
import type { SuiteContext } from './contract/fixtures.js';
import { randomCases } from './contract/random.js';
import { retentionCases } from './contract/retention.js';
import { rollupCases } from './contract/rollups.js';
import { sampleCases } from './contract/samples.js';
import { siteCases } from './contract/sites.js';
import { streamRollupCases } from './contract/stream-rollup.js';
import { tokenCases } from './contract/tokens.js';
import type { Store } from './store.js';

export type StoreFactory = () => Promise<{ store: Store; cleanup: () => Promise<void> }>;

export function storeContractSuite(name: string, makeStore: StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    let made: { store: Store; cleanup: () => Promise<void> } | undefined;
    let first: Org | undefined;
    let orgs = 0;

    before(async () => {
      made = await makeStore();
      // Created before any case runs: orgs.first() must answer this one.
      first = await made.store.orgs.create({ name: 'First', timezone: 'UTC' });
    });
    after(async () => {
      await made?.cleanup();
    });

    const ctx: SuiteContext = {
      store: () => {
        if (!made) throw new Error('the store was not created (see the before hook error)');
        return made.store;
      },
      org: () => ctx.store().orgs.create({ name: `Org ${++orgs}`, timezone: 'UTC' }),
      firstOrg: () => first!,
    };

    entityCases(ctx);
    tokenCases(ctx);
    siteCases(ctx);
    componentCases(ctx);
    streamRollupCases(ctx);
    sampleCases(ctx);
    rollupCases(ctx);
    cycleCalendarCases(ctx);
    retentionCases(ctx);
    atomicityCases(ctx);
    randomCases(ctx);
  });
}
