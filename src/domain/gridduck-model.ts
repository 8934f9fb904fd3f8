/**
 * What the GridDuck dialect adds to the shared model (model.ts): sites, gateways (hubs),
 * per-site user roles, and the metadata that turns a component into a GridDuck asset.
 * An asset IS a component: its id is the component's uid, its code the component's id, its
 * name the component's name, and its telemetry fields are the component's streams.
 * Kept apart from model.ts so that the GroveStreams side never sees these types.
 */
import type { Component } from './model.js';

/**
 * The control stream: a BOOLEAN stream on the asset's component that the server writes (true =
 * ON, false = OFF) whenever what the device should do changes (snooze, boost, their end, a new
 * user_state). A device reads it the GroveStreams way, with `rsid=desired_state` on its feed PUT.
 */
export const CONTROL_STREAM_ID = 'desired_state';

/** What the asset does when no snooze or boost is in force. */
export const USER_STATES = ['ALWAYS_ON', 'ALWAYS_OFF'] as const;
export type UserState = (typeof USER_STATES)[number];

export function isUserState(s: unknown): s is UserState {
  return typeof s === 'string' && (USER_STATES as readonly string[]).includes(s);
}

export interface SiteDef {
  name: string;
  /** IANA zone */
  timezone: string;
  /** currency symbol or code ("£", "EUR"), or null when not set */
  currency: string | null;
  /** price per kWh as GridDuck sends it: a decimal string in the currency's minor unit ("14" pence), or null */
  pricePerKwh: string | null;
  /** free-form postal address */
  address: string;
}

export interface Site extends SiteDef {
  key: number;
  uid: string;
  orgKey: number;
  created: number;
  /** uids of the assets (components) on this site, oldest first */
  assetUids: string[];
}

export interface GatewayDef {
  name: string;
  /** hardware code (MAC, serial) */
  code: string;
  firmware: string | null;
  /** the site the hub is installed at, or null */
  siteKey: number | null;
}

export interface Gateway extends GatewayDef {
  key: number;
  uid: string;
  orgKey: number;
  created: number;
  /**
   * Latest sample time (epoch ms) of any asset paired to this gateway, the control stream
   * excluded: a hub is in contact when its devices report. Null when none ever did.
   */
  lastContact: number | null;
}

/** A user's role on one site (overrides the organisation-level role there; see api/gridduck/permissions.ts). */
export interface SiteRole {
  userKey: number;
  siteKey: number;
  /** owner, admin, edit, boost_snooze, view, or none (the site is hidden from the user) */
  role: string;
}

/** GridDuck asset fields that are only described, never computed with. */
export interface AssetDetails {
  sku: string | null;
  serialNo: string | null;
  firmwareTarget: string | null;
  tags: string[] | null;
  /** may be switched off by demand response */
  interruptible: boolean;
  /** demand-response comfort limits, seconds */
  minTimeOn: number | null;
  maxTimeOff: number | null;
  /** frequency-response load shedding: off below the off point, on above the on point (Hz) */
  frequencyEnabled: boolean;
  frequencyOffPoint: number | null;
  frequencyOnPoint: number | null;
  /** CT clamp rating, A */
  clampSize: number | null;
  /** impulses per kWh of a pulse counter */
  impKwh: number | null;
  /** a demo asset fed by the simulator */
  simulated: boolean;
}

export const DEFAULT_ASSET_DETAILS: Readonly<AssetDetails> = Object.freeze<AssetDetails>({
  sku: null,
  serialNo: null,
  firmwareTarget: null,
  tags: null,
  interruptible: false,
  minTimeOn: null,
  maxTimeOff: null,
  frequencyEnabled: false,
  frequencyOffPoint: null,
  frequencyOnPoint: null,
  clampSize: null,
  impKwh: null,
  simulated: false,
});

/** The metadata a component carries as a GridDuck asset (all of it optional: defaults below). */
export interface AssetMeta {
  siteKey: number | null;
  gatewayKey: number | null;
  /** the parent asset's component key (GridDuck's family tree), or null */
  parentKey: number | null;
  /** the owning user, or null */
  ownerUserKey: number | null;
  /** own price per kWh (decimal string), or null to use the site's */
  pricePerKwh: string | null;
  /** own currency, or null to use the site's */
  currency: string | null;
  /** whether snooze and boost apply (a plug: yes; a clamp meter: no) */
  controllable: boolean;
  userState: UserState;
  /** end of the snooze in force (epoch ms), or null; in force only while later than now */
  snoozeUntil: number | null;
  /** end of the boost in force (epoch ms), or null */
  boostUntil: number | null;
  details: AssetDetails;
}

export const DEFAULT_ASSET_META: Readonly<AssetMeta> = Object.freeze<AssetMeta>({
  siteKey: null,
  gatewayKey: null,
  parentKey: null,
  ownerUserKey: null,
  pricePerKwh: null,
  currency: null,
  controllable: false,
  userState: 'ALWAYS_ON',
  snoozeUntil: null,
  boostUntil: null,
  details: DEFAULT_ASSET_DETAILS,
});

/** A component seen as an asset, with what its JSON needs about its relatives. */
export interface Asset {
  component: Component;
  meta: AssetMeta;
  /** uid and site of the parent asset, when there is one */
  parent: { uid: string; siteKey: number | null } | null;
  /** the assets whose parent this is, oldest first */
  children: { uid: string; siteKey: number | null }[];
  /** uid of the owning user, or null */
  ownerUid: string | null;
}

/** A snooze or boost that has an end stored: what the expiry scheduler works from. */
export interface PendingOverride {
  orgKey: number;
  componentKey: number;
  /** the component's uid (the asset id) and id */
  uid: string;
  compId: string;
  kind: 'snooze' | 'boost';
  /** epoch ms */
  until: number;
}
