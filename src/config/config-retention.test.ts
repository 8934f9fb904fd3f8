import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, parseInterval } from './config.js';

describe('GG_RETENTION_INTERVAL', () => {
  it('defaults to one hour and reads units, plain seconds and off', () => {
    assert.equal(loadConfig({}).retentionIntervalMs, 3_600_000);
    assert.equal(loadConfig({ GG_RETENTION_INTERVAL: '15m' }).retentionIntervalMs, 900_000);
    assert.equal(parseInterval('X', '90', 1), 90_000);
    assert.equal(parseInterval('X', '2h', 1), 7_200_000);
    assert.equal(parseInterval('X', '1d', 1), 86_400_000);
    assert.equal(parseInterval('X', ' 30S ', 1), 30_000);
    assert.equal(parseInterval('X', 'off', 1), 0);
    assert.equal(parseInterval('X', '0', 1), 0);
  });

  it('refuses what it cannot read, with the variable name', () => {
    for (const bad of ['1w', '-5m', '1.5h', 'soon', '0s', '31d']) {
      assert.throws(() => loadConfig({ GG_RETENTION_INTERVAL: bad }), (e) => e instanceof ConfigError && /GG_RETENTION_INTERVAL/.test(e.message), bad);
    }
  });
});
