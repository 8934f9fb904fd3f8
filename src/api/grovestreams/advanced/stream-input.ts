/**
 * Stream definitions as the advanced API takes them, in component and template bodies:
 * [{uid?, id, name?, description?, valueType, streamType?, unit?: {uid}|{id}|"id"|null, and the
 * rollup fields of stream-rollup-input.ts}].
 * Against a component's current streams (POST), an element is the stream with its uid, else
 * the one with its id; absent fields keep that stream's values. Stream ids cannot change
 * (samples are addressed by them), and a stream that holds samples keeps its value type
 * except for the lossless LONG → DOUBLE widening.
 */
import { badRequest, conflict } from '../../../domain/errors.js';
import { STREAM_TYPES, type Stream, type StreamDef, type Unit } from '../../../domain/model.js';
import { normalizeValueType, VALUE_TYPES, type ValueType } from '../../../domain/values.js';
import { idText, isObject, optEnum, optText, optUid, type Json } from './common.js';
import { refIdOf } from './entity-ref.js';
import type { RollupVocabulary } from './rollup-vocabulary.js';
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
}

/**
 * Parses the `stream` list of a body. `field` names it in messages ("component.stream");
 * `units` and `vocab` are what streams may refer to.
 */
export function parseStreams(raw: unknown, field: string, units: readonly Unit[], vocab: RollupVocabulary, target: StreamsTarget = {}): StreamDef[] {
  const existing = target.existing ?? [];
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
    const rollup = parseStreamRollup(el, f, { streamType, valueType }, cur, vocab, target.zone);
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
