import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

describe('GG_TIMEZONE', () => {
  it('defaults to UTC and is kept in its canonical spelling', () => {
    assert.equal(loadConfig({}).timezone, 'UTC');
    assert.equal(loadConfig({ GG_TIMEZONE: 'utc' }).timezone, 'UTC');
    assert.equal(loadConfig({ GG_TIMEZONE: 'europe/london' }).timezone, 'Europe/London');
  });

  it('refuses a name that is no zone, naming the variable', () => {
    assert.throws(() => loadConfig({ GG_TIMEZONE: 'Mars/Olympus' }), (e) => e instanceof ConfigError && /GG_TIMEZONE .*'Mars\/Olympus'/.test(e.message));
  });
});
