/**
 * fData: a value formatted with its stream's unit (seed: 2.34 with unit mph → "2.3 mph").
 * The unit's numberFormat is a Java DecimalFormat-style pattern ("0.0", "#,##0.00"); its
 * grouping, minimum integer digits and fraction digits drive Intl.NumberFormat, which does
 * the rounding and grouping.
 */
import type { Unit } from './model.js';
import type { Value } from './values.js';

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(pattern: string): Intl.NumberFormat {
  let f = formatters.get(pattern);
  if (!f) {
    const [intPart = '', fracPart = ''] = pattern.split('.');
    const minInt = Math.max(1, (intPart.match(/0/g) ?? []).length);
    const minFrac = (fracPart.match(/0/g) ?? []).length;
    const maxFrac = Math.max(minFrac, (fracPart.match(/[0#]/g) ?? []).length);
    f = new Intl.NumberFormat('en-US', {
      useGrouping: intPart.includes(','),
      minimumIntegerDigits: Math.min(minInt, 21),
      minimumFractionDigits: Math.min(minFrac, 20),
      maximumFractionDigits: Math.min(maxFrac, 20),
    });
    formatters.set(pattern, f);
  }
  return f;
}

const BOOLEAN_WORDS: Record<Unit['booleanStyle'], [string, string]> = {
  TRUE_FALSE: ['True', 'False'],
  ON_OFF: ['On', 'Off'],
  YES_NO: ['Yes', 'No'],
  ONE_ZERO: ['1', '0'],
};

export function formatValue(value: Value | null, unit: Unit | undefined): string {
  if (value === null) return '';
  if (!unit) return String(value);
  let text: string;
  if (typeof value === 'boolean') text = BOOLEAN_WORDS[unit.booleanStyle][value ? 0 : 1];
  else if (typeof value === 'number') text = unit.numberFormat ? formatterFor(unit.numberFormat).format(value) : String(value);
  else text = value;
  if (!unit.symbol) return text;
  return unit.symbolLocation === 'BEFORE' ? `${unit.symbol}${text}` : `${text} ${unit.symbol}`;
}
