/**
 * The server's node flags live in package.json (config.serverNodeFlags, README "Node flags"):
 * `npm start` passes them, and NODE_OPTIONS accepts them for other ways of starting it.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { config: { serverNodeFlags: string }; scripts: { start: string } };

describe('server node flags', () => {
  it('npm start passes package.json config.serverNodeFlags', () => {
    assert.match(pkg.config.serverNodeFlags, /--max-semi-space-size=\d+/);
    assert.match(pkg.scripts.start, /node .*\$npm_package_config_serverNodeFlags .*main\.js serve/);
  });

  it('NODE_OPTIONS accepts them, as the README tells users of npx gridgrove serve', async () => {
    const out = await new Promise<string>((resolve, reject) =>
      execFile(path.join(ROOT, 'bin/gridgrove.js'), ['--help'], { timeout: 20_000, env: { ...process.env, NODE_OPTIONS: pkg.config.serverNodeFlags } }, (err, stdout) =>
        err ? reject(err) : resolve(stdout),
      ),
    );
    assert.match(out, /Usage: gridgrove/);
  });
});
