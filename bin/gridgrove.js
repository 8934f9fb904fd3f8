#!/usr/bin/env -S node --max-semi-space-size=32
// npx gridgrove <command>: the compiled CLI (built by `npm install` through the prepare script).
// The node flag is package.json's config.serverNodeFlags (docs/operations.md): a larger young
// generation for the server's allocation pattern. Keep the two in step.
import '../dist/src/cli/main.js';
