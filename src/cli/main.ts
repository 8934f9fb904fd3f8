/**
 * `gridgrove <command>` (contract §4): works on the same data as the server (GG_DATA_DIR or
 * DATABASE_URL), with or without the server running. `--json` prints one JSON object.
 */
import { Command, Option } from 'commander';
import { parseRight } from '../auth/api-key-rights.js';
import { ALL_SCOPES, createApiKey, createApp, defaultAppOwner, FULL_RIGHTS, resetAppSecret } from '../auth/credentials.js';
import { bootstrap } from '../bootstrap.js';
import { ConfigError, loadConfig, type Config } from '../config/config.js';
import { canonicalTimeZone } from '../domain/time-zone.js';
import { VocabularyCache } from '../ingest/vocabulary-cache.js';
import { systemClock } from '../lib/clock.js';
import { startServer } from '../main.js';
import { backfillRollups } from '../stats/rollup-backfill.js';
import { openStore } from '../storage/open-store.js';
import type { Store } from '../storage/store.js';

class CliError extends Error {}

function print(json: boolean, obj: Record<string, unknown>, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(obj)}\n` : `${text}\n`);
}

async function withStore<T>(fn: (store: Store, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const store = await openStore(config);
  try {
    await store.migrate();
    await bootstrap(store, config);
    return await fn(store, config);
  } finally {
    await store.close();
  }
}

async function orgFor(store: Store, uid: string | undefined) {
  const org = uid ? await store.orgs.getByUid(uid) : await store.orgs.first();
  if (!org) throw new CliError(uid ? `no organisation with id '${uid}'` : 'no organisation yet');
  return org;
}

const program = new Command('gridgrove').description('GridGrove: self-hosted IoT and energy telemetry').showHelpAfterError();

program
  .command('serve')
  .description('run the server (what npm start runs)')
  .action(async () => {
    const server = await startServer(loadConfig());
    const stop = (signal: string) => {
      server.app.log.info(`${signal}: finishing in-flight requests, then exiting`);
      server.stop().then(
        () => process.exit(0),
        (e) => {
          server.app.log.error(e);
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });

const org = program.command('org').description('organisations (tenants)');
org
  .command('create <name>')
  .description('a new tenant with a full-rights API key and an all-scopes OAuth application')
  .option('--timezone <tz>', 'IANA time zone of the organisation', 'UTC')
  .option('--owner-email <email>', "the tenant's owner user, whom its OAuth application's tokens act for (default: owner@<org id>.invalid, without a password)")
  .option('--json', 'print one JSON object')
  .action(async (name: string, o: { timezone: string; ownerEmail?: string; json?: boolean }) => {
    const timezone = canonicalTimeZone(o.timezone);
    if (timezone === undefined) throw new CliError(`--timezone must be an IANA time zone, got '${o.timezone}'`);
    await withStore(async (store) => {
      if (o.ownerEmail && (await store.users.findByEmail(o.ownerEmail))) throw new CliError(`--owner-email: a user '${o.ownerEmail}' exists already`);
      const created = await store.orgs.create({ name, timezone });
      const key = await createApiKey(store, created.key, { name: 'default', rights: FULL_RIGHTS, ipRanges: [] });
      // Client-credentials tokens act for a user, so a tenant starts with its owner. The password
      // '!' is no scrypt hash: nobody can log in as that user until a password is set.
      const owner = await store.users.create(created.key, { email: o.ownerEmail ?? `owner@${created.uid}.invalid`, passwordHash: '!', role: 'owner' });
      const app = await createApp(store, created.key, { name: 'default', scopes: ALL_SCOPES, ownerUserKey: owner.key });
      const out = { org_id: created.uid, api_key: key.secret, client_id: app.clientId, client_secret: app.clientSecret };
      print(
        !!o.json,
        out,
        `organisation ${created.uid}\nowner user    ${owner.email} (no password yet)\napi_key       ${out.api_key}\nclient_id     ${out.client_id}\nclient_secret ${out.client_secret}`,
      );
    });
  });

const apikey = program.command('apikey').description('GroveStreams api_keys');
apikey
  .command('create')
  .description('a new api_key with the given rights')
  .option('--org <id>', 'organisation id (default: the first one)')
  .addOption(new Option('--rights <right...>', 'resource and actions, e.g. "component/*/feed GET PUT" (repeatable)'))
  .option('--ip <cidrs>', 'comma-separated IPs or CIDRs the key may be used from')
  .option('--name <name>', 'a label', 'cli')
  .option('--json', 'print one JSON object')
  .action(async (o: { org?: string; rights?: string[]; ip?: string; name: string; json?: boolean }) => {
    const rights = (o.rights ?? ['* GET PUT POST DELETE']).map((r) => {
      const p = parseRight(r);
      if ('error' in p) throw new CliError(`--rights '${r}': ${p.error}`);
      return p;
    });
    const ipRanges = (o.ip ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    for (const ip of ipRanges) if (!/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(ip)) throw new CliError(`--ip: '${ip}' is not an IP address or CIDR`);
    await withStore(async (store) => {
      const target = await orgFor(store, o.org);
      const { key, secret } = await createApiKey(store, target.key, { name: o.name, rights, ipRanges });
      print(!!o.json, { id: key.uid, secret }, `api_key ${key.uid}\nsecret  ${secret}`);
    });
  });

const app = program.command('app').description('OAuth2 applications (GridDuck dialect)');
app
  .command('create')
  .description('a new client-credentials application')
  .requiredOption('--name <name>', 'application name')
  .option('--scopes <scopes>', 'space- or comma-separated scopes', ALL_SCOPES.join(' '))
  .option('--org <id>', 'organisation id (default: the first one)')
  .option('--owner <email>', "the user the application's tokens act for (default: the organisation's first owner)")
  .option('--json', 'print one JSON object')
  .action(async (o: { name: string; scopes: string; org?: string; owner?: string; json?: boolean }) => {
    const scopes = o.scopes.split(/[\s,]+/).filter(Boolean);
    const bad = scopes.find((s) => !ALL_SCOPES.includes(s));
    if (bad) throw new CliError(`--scopes: unknown scope '${bad}' (known: ${ALL_SCOPES.join(' ')})`);
    await withStore(async (store) => {
      const target = await orgFor(store, o.org);
      const owner = o.owner === undefined ? await defaultAppOwner(store, target.key) : await store.users.findByEmail(o.owner);
      if (!owner || owner.orgKey !== target.key) {
        throw new CliError(o.owner === undefined ? 'the organisation has no user to own the application' : `--owner: no user '${o.owner}' in the organisation`);
      }
      const created = await createApp(store, target.key, { name: o.name, scopes, ownerUserKey: owner.key });
      print(!!o.json, { client_id: created.clientId, client_secret: created.clientSecret }, `client_id     ${created.clientId}\nclient_secret ${created.clientSecret}`);
    });
  });
app
  .command('list')
  .description("an organisation's applications (never their secrets)")
  .option('--org <id>', 'organisation id (default: the first one)')
  .option('--json', 'print one JSON object')
  .action(async (o: { org?: string; json?: boolean }) => {
    await withStore(async (store) => {
      const target = await orgFor(store, o.org);
      const emails = new Map((await store.users.list(target.key)).map((u) => [u.key, u.email]));
      const apps = (await store.apps.list(target.key)).map((a) => ({
        client_id: a.clientId,
        name: a.name,
        scopes: a.scopes,
        grant_types: a.grantTypes,
        owner: a.ownerUserKey === null ? null : (emails.get(a.ownerUserKey) ?? null),
        created: new Date(a.created).toISOString(),
      }));
      const text = apps.map((a) => `${a.client_id}  ${a.name}  owner ${a.owner ?? '-'}  ${a.scopes.join(' ')}`).join('\n');
      print(!!o.json, { org_id: target.uid, apps }, text || 'no applications');
    });
  });
app
  .command('reset-secret <clientId>')
  .description('a new client secret, shown once; tokens issued with the old one stop working')
  .option('--json', 'print one JSON object')
  .action(async (clientId: string, o: { json?: boolean }) => {
    await withStore(async (store, config) => {
      const found = await store.apps.findByClientId(clientId);
      if (!found) throw new CliError(`no application with client_id '${clientId}'`);
      const clientSecret = await resetAppSecret(store, found.key);
      if (config.bootstrap.clientId === clientId) {
        process.stderr.write('gridgrove: note: GG_BOOTSTRAP_CLIENT_SECRET sets this application\'s secret again on the next start\n');
      }
      print(!!o.json, { client_id: clientId, client_secret: clientSecret }, `client_id     ${clientId}\nclient_secret ${clientSecret}`);
    });
  });

program
  .command('migrate')
  .description('bring the store schema up to date')
  .option('--json', 'print one JSON object')
  .action(async (o: { json?: boolean }) => {
    await withStore(async (store) => print(!!o.json, { migrated: true, store: store.kind }, `schema up to date (${store.kind})`));
  });

program
  .command('rollups')
  .description('rollup states')
  .command('rebuild')
  .description('recompute every stream\'s materialised rollups from its raw samples (e.g. after running with GG_ROLLUPS=off)')
  .option('--json', 'print one JSON object')
  .action(async (o: { json?: boolean }) => {
    await withStore(async (store, config) => {
      if (!config.materializeRollups) throw new CliError('GG_ROLLUPS=off: nothing is materialised, so there is nothing to rebuild');
      const vocab = new VocabularyCache(store, systemClock);
      const r = await backfillRollups(store, (k) => vocab.get(k), { onlyMissing: false });
      print(!!o.json, { rebuilt: r.streams }, `rebuilt the rollups of ${r.streams} stream(s)`);
    });
  });

program
  .command('backup <file>')
  .description('copy a consistent snapshot of the SQLite database to FILE (safe while the server runs)')
  .option('--json', 'print one JSON object')
  .action(async (file: string, o: { json?: boolean }) => {
    await withStore(async (store) => {
      if (store.kind !== 'sqlite') throw new CliError('backup copies the embedded SQLite database; use pg_dump for PostgreSQL');
      await store.backup(file);
      print(!!o.json, { backup: file }, `backed up to ${file}`);
    });
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof CliError || e instanceof ConfigError) {
    process.stderr.write(`gridgrove: ${e.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`gridgrove: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
