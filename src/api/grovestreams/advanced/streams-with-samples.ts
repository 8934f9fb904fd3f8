/**
 * Which of a component's streams hold samples, for the definition changes that need none
 * (stream-input.ts checkKindKept). A stream's last value says so for most; an interval stream
 * that has only stored gaps (nulls) has none, so its samples are looked at — one sample read
 * for each such stream, and none for the others.
 */
import type { Stream } from '../../../domain/model.js';
import type { Store } from '../../../storage/store.js';

export async function streamsWithSamples(store: Store, streams: readonly Stream[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const s of streams) {
    if (s.lastTime !== null) out.add(s.id);
    else if (s.streamType === 'intvl_stream' && (await store.samples.read(s, { limit: 1 })).times.length > 0) out.add(s.id);
  }
  return out;
}
