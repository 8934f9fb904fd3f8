/**
 * What every transport (GroveStreams URL form, JSON bodies, MQTT) turns a feed into before the
 * one write path takes it: a list of per-stream sample lists with raw (uncoerced) values.
 */
import type { StreamDef } from '../domain/model.js';

export interface RawSample {
  time: number;
  /** a JSON value, or the text of a URL parameter */
  value: unknown;
}

export interface FeedItem {
  compId: string;
  /** the stream by id, or by its position in the component (URL `data` parameters) */
  stream: { id: string } | { position: number };
  samples: RawSample[];
}

/** How to create what is missing, from the request's parameters. */
export interface CreateOptions {
  /** component template id (compTmplId) */
  templateId?: string;
  /** name for a component created by this request (compName); set only once */
  name?: string;
  /** "/Components/..." folder for created components */
  folder?: string;
  /** template and template-stream ids (dtId, dsId) that model created streams */
  streamTemplate?: { templateId: string; streamId: string };
  /** per-component defaults sent by legacy bodies ({"defaults":{...}}) */
  componentDefaults?: Record<string, { name?: string; description?: string; folder?: string; templateId?: string }>;
  /** per-stream definitions sent by legacy bodies, keyed "compId\u0000streamId" */
  streamDefaults?: Record<string, Partial<StreamDef>>;
}

/** What the caller's credentials allow beyond writing samples. */
export interface CreatePermit {
  component(compId: string): boolean;
  stream(compId: string, streamId: string): boolean;
}

export interface MissingItem {
  itemType: 'component' | 'stream';
  itemId: string;
  componentId?: string;
}

export interface FeedResult {
  samples: number;
  replaced: number;
  missing: MissingItem[];
}
