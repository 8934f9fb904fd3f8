/**
 * The advanced API's JSON for components, streams, templates and units (notes §4):
 * component {uid,id,name,description,timeZoneId,folderPath,creationDate,templateId,stream:[...]},
 * stream {uid,id,name,description,valueType,streamType,unit:{id,uid}|null, the rollup fields of
 * stream-rollup-json.ts, lastValueTime?}.
 * A stream whose unit was deleted shows unit null (it keeps the unit id, so re-creating a unit
 * with that id brings it back).
 */
import type { Component, ComponentTemplate, Stream, StreamDef, Unit } from '../../../domain/model.js';
import type { RollupDefinitions } from '../../../storage/rollup-definitions.js';
import { streamRollupJson, type StreamRollupJson } from './stream-rollup-json.js';

export interface StreamJson extends StreamRollupJson {
  uid?: string;
  id: string;
  name: string;
  description: string;
  valueType: string;
  streamType: string;
  unit: { id: string; uid: string } | null;
  lastValueTime?: number;
}

function unitRef(unitId: string | null, units: Map<string, Unit>): StreamJson['unit'] {
  const u = unitId ? units.get(unitId) : undefined;
  return u ? { id: u.id, uid: u.uid } : null;
}

export function streamDefJson(s: StreamDef, units: Map<string, Unit>, vocab: RollupDefinitions): StreamJson {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    valueType: s.valueType,
    streamType: s.streamType,
    unit: unitRef(s.unitId, units),
    ...streamRollupJson(s, vocab),
  };
}

function streamJson(s: Stream, units: Map<string, Unit>, vocab: RollupDefinitions): StreamJson {
  const o: StreamJson = { uid: s.uid, ...streamDefJson(s, units, vocab) };
  if (s.lastTime !== null) o.lastValueTime = s.lastTime;
  return o;
}

export function componentJson(c: Component, units: Map<string, Unit>, vocab: RollupDefinitions) {
  return {
    uid: c.uid,
    id: c.id,
    name: c.name,
    description: c.description,
    timeZoneId: c.timezone,
    folderPath: c.folderPath,
    creationDate: c.created,
    templateId: c.templateId,
    stream: c.streams.map((s) => streamJson(s, units, vocab)),
  };
}

/** GET component/new: nothing filled in but the org's time zone; PUT it back with an id to create. */
export function blankComponentJson(timezone: string) {
  return { uid: '', id: '', name: '', description: '', timeZoneId: timezone, folderPath: '', creationDate: 0, templateId: '', stream: [] };
}

export function templateJson(t: ComponentTemplate, units: Map<string, Unit>, vocab: RollupDefinitions) {
  return { uid: t.uid, id: t.id, name: t.name, description: t.description, stream: t.streams.map((s) => streamDefJson(s, units, vocab)) };
}

export function unitJson(u: Unit) {
  return { uid: u.uid, id: u.id, name: u.name, symbol: u.symbol, numberFormat: u.numberFormat, symbolLocation: u.symbolLocation, booleanStyle: u.booleanStyle };
}
