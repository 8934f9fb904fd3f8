/**
 * How much a cumulative register (a kWh meter) advanced between two consecutive readings: the
 * one rule every path that measures increments uses (the direct definitions, the mergeable
 * state's fold and combine bridge, and the finalizer's increment from the carry), so that
 * stored states, combined states and the definitions can never disagree.
 *
 * Home Assistant's `total_increasing` rule: a reading more than 10 % of |prev| below the
 * previous one means the register was reset (or the meter replaced) and restarted from zero,
 * so all it shows accumulated since the reset and the increment is `cur`. A smaller drop is a
 * dip — register jitter, a rounding, a meter correcting itself — and its increment is the
 * (negative) difference: it nets out against the next rise, so over a span without a reset
 * the total is last − first. Treating every drop as a reset turned a 0.1 kWh wobble on a
 * register at 50,000 kWh into 50,000 kWh of consumption.
 */

/** The increment from reading `prev` to reading `cur`; a drop of exactly 10 % is still a dip. */
export function meterIncrement(prev: number, cur: number): number {
  // 10 × drop > |prev| rather than cur < 0.9 × prev: exact for whole-number readings (0.9 and
  // 0.1 are not binary fractions), and a negative reading's 10 % is of its magnitude.
  return 10 * (prev - cur) > Math.abs(prev) ? cur : cur - prev;
}
