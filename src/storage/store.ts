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
import type { Cycle } from '../rollup/cycle.js';
import type { RollupCalendar } from '../rollup/calendar.js';
import type { RollupState } from '../rollup/rollup-state.js';
import type { RollupShapeDef, StreamRollupPlan } from '../rollup/stream-plan.js';
import type { SampleValue } from './chunks/sample-codec.js';
import type { NewToken, StoredToken, TokenLookup } from './token-rows.js';
import type { DeleteProfile } from '../domain/model.js';
import type { Asset, AssetDetails, AssetMeta, Gateway, GatewayDef, PendingOverride, Site, SiteDef, SiteRole } from '../domain/gridduck-model.js';

/** A cycle as the org stores it (GroveStreams `cycle` resource). */
export interface StoredCycle extends Cycle {
  uid: string;
}

/** A rollup calendar as the org stores it (GroveStreams `rollup_calendar` resource). */
export interface StoredCalendar extends RollupCalendar {
  uid: string;
}

/** A stream whose rollup settings name one of its org's delete profiles: what retention works on. */
export interface RetentionStream {
  streamKey: number;
  orgKey: number;
  /** the component's IANA zone: DAY and longer ranges are counted on its calendar */
  timezone: string;
  profile: DeleteProfile;
  /** raw samples before this instant were deleted already (null: never) */
  rawFrom: number | null;
  /** what the stream's rollup plan needs: retention never cuts an interval rebuilt from raw samples */
  stream: RollupShapeDef;
}

export type { StreamRollupPlan } from '../rollup/stream-plan.js';

/** One materialised rollup interval. */
export interface RollupRow {
  sd: number;
  ed: number;
  state: RollupState;
}

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
  /** rollups to maintain for this stream; absent = none (e.g. point streams) */
  rollup?: StreamRollupPlan;
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
  /**
   * Some writes were worked out from the samples stored now (an interval stream's gap fills
   * start at its newest stored interval): the plan must commit before any other write can
   * change those, so it is never deferred into a group commit.
   */
  fromStoredSamples?: boolean;
}

/**
 * Whether a plan may wait for other requests' plans and commit with them (group-commit.ts).
 * Not when committing it later than it was planned could make it wrong: it creates or retypes
 * something another plan may create or retype too, or it was worked out from stored samples.
 */
export function mayGroup(plan: FeedPlan): boolean {
  return plan.newComponents.length === 0 && plan.newStreams.length === 0 && plan.retype.length === 0 && plan.folders.length === 0 && !plan.fromStoredSamples;
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

/** Which assets a list answers with. */
export interface AssetQuery {
  /** only assets on one of these sites (and, with `withoutSite`, assets on no site); absent = any */
  sites?: readonly number[];
  withoutSite?: boolean;
  /** only assets paired to this gateway */
  gatewayKey?: number;
  offset: number;
  limit: number;
}

/** A change to an asset's metadata: the fields given change; `details` merge field by field. */
export type AssetMetaPatch = Partial<Omit<AssetMeta, 'details'>> & { details?: Partial<AssetDetails> };

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
    /** The organisation's users, oldest first. */
    list(orgKey: number): Promise<User[]>;
    /**
     * Sets the organisation-level role (owner, admin, edit, boost_snooze, view, or none: see
     * api/gridduck/permissions.ts); false when the user is not in this organisation.
     */
    setRole(orgKey: number, userKey: number, role: string): Promise<boolean>;
  };

  /** OAuth2 applications (GridDuck dialect); client ids are unique across organisations. */
  apps: {
    /** `ownerUserKey` (default none) must be a user of the same organisation. */
    create(
      orgKey: number,
      a: { name: string; clientId: string; secretHash: string; scopes: string[]; grantTypes: string[]; ownerUserKey?: number | null },
    ): Promise<OAuthApp>;
    /** Any org: the client id determines the org. */
    findByClientId(clientId: string): Promise<(OAuthApp & { secretHash: string }) | undefined>;
    /**
     * Replaces the secret (a reset): in one transaction the secret generation goes up by one and
     * every token issued under an older generation is revoked.
     */
    setSecret(appKey: number, secretHash: string): Promise<void>;
    /** The organisation's applications, oldest first. */
    list(orgKey: number): Promise<OAuthApp[]>;
  };

  /** OAuth2 access tokens, stored as SHA-256 hashes only (see token-rows.ts). */
  tokens: {
    /**
     * Stores a newly issued token. The app and the user must both belong to `orgKey`, else it
     * throws and stores nothing.
     */
    create(orgKey: number, t: NewToken): Promise<StoredToken>;
    /**
     * Looks a token up by its hash (any org: the token determines the org), expired and revoked
     * ones included, with its app's client id and current secret generation and its user's uid
     * and role. Whether it is still valid is the caller's decision (it knows the time).
     */
    findByHash(tokenHash: string): Promise<TokenLookup | undefined>;
    /**
     * Revokes the token if it belongs to this organisation's application `appKey` and is not
     * revoked yet; true when it was revoked by this call.
     */
    revoke(orgKey: number, appKey: number, tokenHash: string, at: number): Promise<boolean>;
    /** Deletes the application's tokens that expired before `before` (housekeeping); how many. */
    deleteExpired(orgKey: number, appKey: number, before: number): Promise<number>;
  };

  units: {
    list(orgKey: number): Promise<Unit[]>;
    /** by id or uid (an id match wins) */
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
    /** by id or uid (an id match wins) */
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

  /** GridDuck sites (physical locations) of an organisation. */
  sites: {
    create(orgKey: number, s: SiteDef): Promise<Site>;
    /** every site of the org, oldest first (an org has few: callers filter and page) */
    list(orgKey: number): Promise<Site[]>;
    get(orgKey: number, uid: string): Promise<Site | undefined>;
    /** changes the given fields; undefined when the org has no such site */
    update(orgKey: number, uid: string, patch: Partial<SiteDef>): Promise<Site | undefined>;
    /** deletes the site; its assets and gateways stay, on no site, and its per-site roles go */
    delete(orgKey: number, uid: string): Promise<boolean>;
  };

  /** GridDuck gateways (hubs). `siteKey` must be a site of the same org, else DomainError bad_request. */
  gateways: {
    create(orgKey: number, g: GatewayDef): Promise<Gateway>;
    /** every gateway of the org, oldest first, with lastContact computed from its assets' streams */
    list(orgKey: number): Promise<Gateway[]>;
    get(orgKey: number, uid: string): Promise<Gateway | undefined>;
    update(orgKey: number, uid: string, patch: Partial<GatewayDef>): Promise<Gateway | undefined>;
    /** deletes the gateway; its assets stay, on no gateway */
    delete(orgKey: number, uid: string): Promise<boolean>;
  };

  /** Per-site user roles: a user's role on one site, overriding the organisation-level role there. */
  siteRoles: {
    /** the user's per-site roles in the org */
    list(orgKey: number, userKey: number): Promise<SiteRole[]>;
    /** every per-site role on one site of the org */
    forSite(orgKey: number, siteKey: number): Promise<SiteRole[]>;
    /**
     * Sets the user's role on the site, or removes it with null. False (nothing stored) when the
     * user or the site is not in this organisation.
     */
    set(orgKey: number, userKey: number, siteKey: number, role: string | null): Promise<boolean>;
  };

  /**
   * Every component of an organisation is a GridDuck asset; this is the metadata that makes it
   * one (site, gateway, price, controllability, snooze/boost ends ...), defaults when never set.
   */
  assets: {
    /** the org's assets by component age, filtered and paged */
    list(orgKey: number, q: AssetQuery): Promise<Page<Asset>>;
    /** by component uid */
    get(orgKey: number, uid: string): Promise<Asset | undefined>;
    /**
     * Changes the given metadata fields of the component `uid` (details merge field by field) in
     * one transaction. Site, gateway, parent and owner must be of the same org, and a parent must
     * not make a cycle, else DomainError bad_request and nothing changes. Undefined when the org
     * has no such component.
     */
    setMeta(orgKey: number, uid: string, patch: AssetMetaPatch): Promise<Asset | undefined>;
    /**
     * Clears the component's snooze or boost end if it is still `until` (compare and set, so an
     * expiry never clears an override set again meanwhile); true when this call cleared it.
     */
    clearOverride(componentKey: number, kind: 'snooze' | 'boost', until: number): Promise<boolean>;
    /** every stored snooze and boost end, of every org, earliest first (for the expiry scheduler) */
    pendingOverrides(): Promise<PendingOverride[]>;
  };

  /**
   * Per-org cycles; every org starts with defaultCycles() (rollup/cycle.ts): orgs.create adds
   * them, and migrate() adds them to orgs from before cycles existed (an org with no cycle at
   * all; a seeded org always keeps some, since its 'default' calendar cannot be deleted).
   * Calendars and streams refer to cycles by id, so the guards below run in the same
   * transaction as the change.
   */
  cycles: {
    /** in creation order */
    list(orgKey: number): Promise<StoredCycle[]>;
    /** by id or uid (an id match wins) */
    get(orgKey: number, idOrUid: string): Promise<StoredCycle | undefined>;
    /**
     * Insert or replace by id (uid kept when it exists). Throws bad_request for a definition
     * validateCycle rejects, and conflict when it would change the interval (size type, count,
     * reference or zone) of a cycle a calendar or a stream's base cycle uses; a new name is fine.
     */
    put(orgKey: number, c: Cycle & { uid?: string }): Promise<StoredCycle>;
    /** false when unknown; throws conflict while a calendar, a stream or a component template's stream has it as base cycle */
    delete(orgKey: number, idOrUid: string): Promise<boolean>;
  };

  /**
   * Per-org rollup calendars; every org starts with defaultCalendars() (rollup/calendar.ts), see
   * `cycles`. Stored with their cycle ids sorted smallest first.
   */
  calendars: {
    /** in creation order */
    list(orgKey: number): Promise<StoredCalendar[]>;
    /** by id or uid (an id match wins) */
    get(orgKey: number, idOrUid: string): Promise<StoredCalendar | undefined>;
    /**
     * Insert or replace by id (uid kept when it exists). The cycles are resolved among the org's
     * and checked with resolveCalendar in the same transaction: bad_request with its message
     * when a cycle is unknown or does not tile the next.
     */
    put(orgKey: number, c: RollupCalendar & { uid?: string }): Promise<StoredCalendar>;
    /**
     * false when unknown; throws conflict while a stream or a component template's stream names
     * it, and always for 'default', the calendar of every stream that names none.
     */
    delete(orgKey: number, idOrUid: string): Promise<boolean>;
  };

  /** Per-org delete profiles (retention of raw samples). */
  deleteProfiles: {
    /** in creation order */
    list(orgKey: number): Promise<DeleteProfile[]>;
    /** by id or uid (an id match wins) */
    get(orgKey: number, idOrUid: string): Promise<DeleteProfile | undefined>;
    /** insert or replace by id (uid kept when it exists); bad_request for what validateDeleteProfile rejects */
    put(orgKey: number, p: Omit<DeleteProfile, 'uid'> & { uid?: string }): Promise<DeleteProfile>;
    /** false when unknown; throws conflict while a stream or a component template's stream names it */
    delete(orgKey: number, idOrUid: string): Promise<boolean>;
    /**
     * Every stream, in every org, whose rollup settings name a delete profile that exists in
     * its org (a name without a profile keeps everything). For the retention job.
     */
    streams(): Promise<RetentionStream[]>;
  };

  /** Materialised rollup states (maintained by samples.commitFeed; stored in buckets, see storage/rollups/buckets.ts). */
  rollups: {
    /** states of (stream, cycle) with from ≤ sd < to, ascending by sd */
    range(streamKey: number, cycle: Cycle, from: number, to: number): Promise<RollupRow[]>;
    /** the latest state of (stream, cycle) with sd < t that holds a non-gap value (the carry into t) */
    lastWithValueBefore(streamKey: number, cycle: Cycle, t: number): Promise<RollupRow | undefined>;
    /** range(from, to) and lastWithValueBefore(from) read together, as one (a stat feed's reads) */
    rangeWithCarry(streamKey: number, cycle: Cycle, from: number, to: number): Promise<{ rows: RollupRow[]; before: RollupRow | undefined }>;
    /** the latest state of (stream, cycle) */
    latest(streamKey: number, cycle: Cycle): Promise<RollupRow | undefined>;
    /** the earliest state of (stream, cycle) */
    earliest(streamKey: number, cycle: Cycle): Promise<RollupRow | undefined>;
    /**
     * keys of the streams that hold samples but no states in a head row: none at all, or states
     * stored before head rows existed (what the start-up backfill looks at, in one query)
     */
    streamsWithoutHead(): Promise<Set<number>>;
    /**
     * Drops every state of the stream and recomputes them from its raw samples under `plan`
     * (null: just drop). The stored states of the cycles in `keep` (those that still fit the
     * plan: rollup/plan-change.ts) stay where their intervals reach below the stream's raw
     * horizon: retention deleted those samples, and the states are all that is left of them.
     */
    rebuild(streamKey: number, plan: StreamRollupPlan | null, opts: { keep: readonly string[] }): Promise<void>;
  };

  samples: {
    /** Applies a whole feed in one transaction (see FeedPlan). */
    commitFeed(plan: FeedPlan): Promise<FeedCommitResult>;
    /** Samples of one stream in [sd, ed), latest first, at most `limit`. */
    read(stream: Stream, q: SampleQuery): Promise<{ times: number[]; values: SampleValue[] }>;
    /** Current stream rows (with last values) of a component. */
    streams(componentKey: number): Promise<Stream[]>;
    /**
     * Retention: removes the stream's raw samples with time < t (rollups stay) and records t
     * as the stream's raw horizon (raw_from only moves forward); returns how many samples were
     * removed (0 for an unknown stream). The stream's last value stays: it is the stream's
     * current state, and a point stream's one sample.
     */
    deleteBefore(streamKey: number, t: number): Promise<number>;
  };
}
