/**
 * `gridgrove <command>` (contract §4): works on the same data as the server (GG_DATA_DIR or
 * DATABASE_URL), with or without the server running. `--json` prints one JSON object.
 */
import { Command, Option } from 'commander';
import { parseRight } from '../auth/api-key-rights.js';
import { ALL_SCOPES, createApiKey, createApp, FULL_RIGHTS } from '../auth/credentials.js';
import { bootstrap } from '../bootstrap.js';
import { ConfigError, loadConfig, type Config } from '../config/config.js';
import { isValidTimeZone } from '../domain/time-zone.js';
import { startServer } from '../main.js';
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
  .option('--json', 'print one JSON object')
  .action(async (name: string, o: { timezone: string; json?: boolean }) => {
    if (!isValidTimeZone(o.timezone)) throw new CliError(`--timezone must be an IANA time zone, got '${o.timezone}'`);
    await withStore(async (store) => {
      const created = await store.orgs.create({ name, timezone: o.timezone });
      const key = await createApiKey(store, created.key, { name: 'default', rights: FULL_RIGHTS, ipRanges: [] });
      const app = await createApp(store, created.key, { name: 'default', scopes: ALL_SCOPES });
      const out = { org_id: created.uid, api_key: key.secret, client_id: app.clientId, client_secret: app.clientSecret };
      print(!!o.json, out, `organisation ${created.uid}\napi_key       ${out.api_key}\nclient_id     ${out.client_id}\nclient_secret ${out.client_secret}`);
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
  .option('--json', 'print one JSON object')
  .action(async (o: { name: string; scopes: string; org?: string; json?: boolean }) => {
    const scopes = o.scopes.split(/[\s,]+/).filter(Boolean);
    const bad = scopes.find((s) => !ALL_SCOPES.includes(s));
    if (bad) throw new CliError(`--scopes: unknown scope '${bad}' (known: ${ALL_SCOPES.join(' ')})`);
    await withStore(async (store) => {
      const target = await orgFor(store, o.org);
      const created = await createApp(store, target.key, { name: o.name, scopes });
      print(!!o.json, { client_id: created.clientId, client_secret: created.clientSecret }, `client_id     ${created.clientId}\nclient_secret ${created.clientSecret}`);
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
