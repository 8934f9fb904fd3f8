/**
 * Stream definitions as the advanced API takes them, in component and template bodies:
 * [{uid?, id, name?, description?, valueType, streamType?, unit?: {uid}|{id}|"id"|null, and the
 * rollup fields of stream-rollup-input.ts}].
 * Against a component's current streams (POST), an element is the stream with its uid, else
 * the one with its id; absent fields keep that stream's values. Stream ids cannot change
 * (samples are addressed by them), and a stream that holds samples keeps its value type
 * except for the lossless LONG → DOUBLE widening, its kind and an interval stream's base cycle
 * (checkKindKept).
 */
import { badRequest, conflict } from '../../../domain/errors.js';
import { rollupDefOf, STREAM_TYPES, type Stream, type StreamDef, type StreamType, type Unit } from '../../../domain/model.js';
import { normalizeValueType, VALUE_TYPES, type ValueType } from '../../../domain/values.js';
import { idText, isObject, optEnum, optText, optUid, type Json } from './common.js';
import { refIdOf } from './entity-ref.js';
import type { RollupDefinitions } from '../../../storage/rollup-definitions.js';
import { parseStreamRollup } from './stream-rollup-input.js';

function valueTypeOf(o: Json, field: string): ValueType | undefined {
  const raw = o.valueType;
  if (raw === undefined || raw === null) return undefined;
  const vt = typeof raw === 'string' ? normalizeValueType(raw) : undefined;
  if (!vt) throw badRequest(`${field}.valueType '${String(raw)}' is not a value type (${VALUE_TYPES.join(', ')}, or INTEGER, FLOAT, BOOL, ...)`);
  return vt;
}

/** Where a `stream` list is parsed: for a component (insert or update), or a template. */
export interface StreamsTarget {
  /** the component's current streams (empty for inserts and templates) */
  existing?: readonly Stream[];
  /** the component's time zone (after the request); undefined for a template */
  zone?: string;
  /** ids of `existing` streams that hold samples, gaps included (streams-with-samples.ts) */
  withSamples?: ReadonlySet<string>;
  /** the time an interval stream's base cycle must fit its calendar from (base-cycle-fit.ts); default Date.now() */
  now?: number;
}

/**
 * 409 when a stream that holds samples would change its kind, or an interval stream its base
 * cycle. What is stored is what the old definition made of the uploads: interval ends of the
 * old base cycle, instants at any millisecond, or a point stream's one last value (kept with the
 * stream, no samples). Under another definition they would be read as something they are not —
 * a 1-minute interval end as a 15-minute interval (15 intervals in one), an off-grid instant as
 * an interval — and a rebuild of the rollups cannot tell. Meter kind, average kind, calendar and
 * zone only change how the same samples are rolled up, and stay free.
 */
function checkKindKept(f: string, cur: Stream, streamType: StreamType, baseCycleId: string | null): void {
  const held = `stream '${cur.id}' holds samples`;
  const fix = '(delete it and add a new one)';
  if (streamType !== cur.streamType) throw conflict(`${f}.streamType: ${held}: its streamType cannot change from ${cur.streamType} to ${streamType} ${fix}`);
  const was = rollupDefOf(cur).baseCycleId;
  if (streamType === 'intvl_stream' && baseCycleId !== was) {
    throw conflict(`${f}.baseCycle: ${held}: its baseCycle cannot change from '${was}' to '${baseCycleId}' ${fix}`);
  }
}

/**
 * Parses the `stream` list of a body. `field` names it in messages ("component.stream");
 * `units` and `vocab` are what streams may refer to.
 */
export function parseStreams(raw: unknown, field: string, units: readonly Unit[], vocab: RollupDefinitions, target: StreamsTarget = {}): StreamDef[] {
  const existing = target.existing ?? [];
  const now = target.now ?? Date.now();
  if (!Array.isArray(raw)) throw badRequest(`${field} must be a list of streams`);
  const seen = new Set<string>();
  return raw.map((el, i): StreamDef => {
    const f = `${field}[${i}]`;
    if (!isObject(el)) throw badRequest(`${f} must be a stream object`);
    const uid = optUid(el, `${f}.uid`);
    const byUid = uid === undefined ? undefined : existing.find((s) => s.uid === uid);
    let id: string;
    if (byUid) {
      id = optText(el, 'id', `${f}.id`, 512) || byUid.id;
      if (id !== byUid.id) throw badRequest(`${f}.id: cannot change the id of stream ${uid} from '${byUid.id}' to '${id}' (delete it and add a new one)`);
    } else id = idText(el, 'id', `${f}.id`);
    if (seen.has(id)) throw badRequest(`${f}.id '${id}' appears more than once`);
    seen.add(id);
    const cur = byUid ?? existing.find((s) => s.id === id);

    const valueType = valueTypeOf(el, f) ?? cur?.valueType;
    if (!valueType) throw badRequest(`${f}.valueType is required (${VALUE_TYPES.join(', ')})`);
    if (cur && cur.lastTime !== null && valueType !== cur.valueType && !(cur.valueType === 'LONG' && valueType === 'DOUBLE')) {
      throw conflict(`${f}.valueType: stream '${id}' holds ${cur.valueType} samples and cannot become ${valueType} (delete it and add a new one)`);
    }
    const unit = refIdOf(el, 'unit', f, 'unit', units);
    const streamType = optEnum(el, 'streamType', `${f}.streamType`, STREAM_TYPES) ?? cur?.streamType ?? 'rdm_stream';
    const rollup = parseStreamRollup(el, f, { streamType, valueType }, cur, vocab, target.zone, now);
    if (cur && (cur.lastTime !== null || target.withSamples?.has(cur.id))) checkKindKept(f, cur, streamType, rollup?.baseCycleId ?? null);
    return {
      id,
      name: optText(el, 'name', `${f}.name`) || cur?.name || id,
      description: optText(el, 'description', `${f}.description`) ?? cur?.description ?? '',
      valueType,
      streamType,
      unitId: unit === undefined ? (cur?.unitId ?? null) : unit,
      // a type the caller states is no longer inferred; one sent back unchanged keeps widening
      autoTyped: cur !== undefined && valueType === cur.valueType ? cur.autoTyped : false,
      // no key at all for default settings: the stream stores NULL (see storage/rows.ts)
      ...(rollup === undefined ? {} : { rollup }),
    };
  });
}
