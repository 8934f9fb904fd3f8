/**
 * The Store contract: everything GridGrove keeps goes through this interface, and every backend
 * (sqlite/ today, postgres/ next) passes the same behavioural suite (contract-suite.ts).
 * Every method that takes an `orgKey` only ever sees that organisation's rows: that is how a
 * request naming another tenant's object ends in a 404.
 */
import type {
  ApiKey,
  ApiKeyRight,
  Component,
  ComponentDef,
  ComponentTemplate,
  Folder,
  OAuthApp,
  Org,
  Stream,
  StreamDef,
  Unit,
  User,
} from '../domain/model.js';
import type { ValueType } from '../domain/values.js';
import type { SampleValue } from './chunks/sample-codec.js';

/** A stream to create as part of a feed commit (on a new or an existing component). */
export interface NewStream {
  compId: string;
  def: StreamDef;
}

/** Samples for one stream, sorted by strictly increasing time (see chunks/chunk-merge.ts). */
export interface StreamWrite {
  compId: string;
  streamId: string;
  times: number[];
  values: SampleValue[];
}

/**
 * Everything one feed request changes, applied in one transaction: all or nothing.
 * Built by ingest/ from what it read; `expect*` lets the store detect that a concurrent writer
 * created or changed the same things meanwhile (it then throws StaleFeedPlan and ingest
 * rebuilds the plan from fresh reads).
 */
export interface FeedPlan {
  orgKey: number;
  newComponents: ComponentDef[];
  newStreams: NewStream[];
  /** auto-typed streams whose type widens (LONG → DOUBLE) before the write */
  retype: { compId: string; streamId: string; valueType: ValueType }[];
  writes: StreamWrite[];
  /** folders the new components go into; created when missing */
  folders: string[];
}

export interface FeedCommitResult {
  samples: number;
  /** samples that replaced one already stored at the same time */
  replaced: number;
}

/** Thrown by commitFeed when the plan's view of components/streams is out of date. */
export class StaleFeedPlan extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StaleFeedPlan';
  }
}

export interface SampleQuery {
  /** inclusive, epoch ms */
  sd?: number;
  /** exclusive, epoch ms */
  ed?: number;
  /** at most this many, latest first */
  limit: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Brings the schema to the newest version; safe to call on every start. */
  migrate(): Promise<void>;
  /** Resolves when the store answers a trivial query (for /healthz). */
  ping(): Promise<void>;
  /** Flushes and closes; the store is unusable afterwards. */
  close(): Promise<void>;
  /** Copies a consistent snapshot to `file` (online; SQLite only). */
  backup(file: string): Promise<void>;

  orgs: {
    create(o: { name: string; timezone: string }): Promise<Org>;
    get(orgKey: number): Promise<Org | undefined>;
    getByUid(uid: string): Promise<Org | undefined>;
    /** The first organisation ever created: the default one of contract §3. */
    first(): Promise<Org | undefined>;
    list(): Promise<Org[]>;
  };

  apiKeys: {
    create(orgKey: number, k: { name: string; secretHash: string; rights: ApiKeyRight[]; ipRanges: string[] }): Promise<ApiKey>;
    /** Looks a key up by the SHA-256 of its secret (any org: the key determines the org). */
    findBySecretHash(secretHash: string): Promise<(ApiKey & { secretHash: string }) | undefined>;
    list(orgKey: number): Promise<ApiKey[]>;
    delete(orgKey: number, uid: string): Promise<boolean>;
  };

  users: {
    create(orgKey: number, u: { email: string; passwordHash: string; role: string }): Promise<User>;
    findByEmail(email: string): Promise<(User & { passwordHash: string }) | undefined>;
    setPassword(userKey: number, passwordHash: string): Promise<void>;
  };

  apps: {
    create(orgKey: number, a: { name: string; clientId: string; secretHash: string; scopes: string[]; grantTypes: string[] }): Promise<OAuthApp>;
    findByClientId(clientId: string): Promise<(OAuthApp & { secretHash: string }) | undefined>;
    setSecret(appKey: number, secretHash: string): Promise<void>;
  };

  units: {
    list(orgKey: number): Promise<Unit[]>;
    /** by id or uid */
    get(orgKey: number, idOrUid: string): Promise<Unit | undefined>;
    /** insert or replace by id */
    put(orgKey: number, u: Omit<Unit, 'uid'> & { uid?: string }): Promise<Unit>;
    delete(orgKey: number, idOrUid: string): Promise<boolean>;
  };

  folders: {
    list(orgKey: number): Promise<Folder[]>;
    /** creates every missing level of the path */
    ensure(orgKey: number, path: string): Promise<Folder>;
  };

  templates: {
    list(orgKey: number): Promise<ComponentTemplate[]>;
    /** by id or uid */
    get(orgKey: number, idOrUid: string): Promise<ComponentTemplate | undefined>;
    /** insert or replace by id (uid kept when it exists) */
    put(orgKey: number, t: Omit<ComponentTemplate, 'uid'> & { uid?: string }): Promise<ComponentTemplate>;
    delete(orgKey: number, idOrUid: string): Promise<boolean>;
  };

  components: {
    list(orgKey: number, page: { start: number; limit: number }): Promise<Page<Component>>;
    /** by user id (compId) */
    get(orgKey: number, compId: string): Promise<Component | undefined>;
    getByUid(orgKey: number, uid: string): Promise<Component | undefined>;
    /** creates a component with its streams; throws DomainError 'conflict' when the id is taken */
    create(orgKey: number, c: ComponentDef, streams: StreamDef[]): Promise<Component>;
    /**
     * Updates the definition; streams listed are created or updated in place (by id), streams
     * not listed are deleted with their samples when `replaceStreams` is set.
     */
    update(orgKey: number, uid: string, c: Partial<ComponentDef>, streams?: StreamDef[], replaceStreams?: boolean): Promise<Component | undefined>;
    /** deletes the component, its streams and samples */
    delete(orgKey: number, uid: string): Promise<boolean>;
  };

  samples: {
    /** Applies a whole feed in one transaction (see FeedPlan). */
    commitFeed(plan: FeedPlan): Promise<FeedCommitResult>;
    /** Samples of one stream in [sd, ed), latest first, at most `limit`. */
    read(stream: Stream, q: SampleQuery): Promise<{ times: number[]; values: SampleValue[] }>;
    /** Current stream rows (with last values) of a component. */
    streams(componentKey: number): Promise<Stream[]>;
  };
}
