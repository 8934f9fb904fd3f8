/**
 * What a scenario reports: named figures, some with a target, printed as one table with a
 * PASS/MISS verdict per targeted figure.
 */

export interface Target {
  /** 'min': the figure must be at least `value`; 'max': at most */
  kind: 'min' | 'max';
  value: number;
}

export interface Figure {
  /** stable key for --json */
  key: string;
  label: string;
  value: number;
  unit: string;
  /** decimals to print */
  digits?: number;
  target?: Target;
}

export interface ScenarioReport {
  scenario: string;
  /** one line describing the workload */
  title: string;
  figures: Figure[];
  /** extra lines printed under the table (checks, breakdowns) */
  notes: string[];
  /** problems that make the run invalid (errors, wrong counts): the bench exits 1 */
  problems: string[];
  /** everything measured, for --json */
  raw: Record<string, unknown>;
}

export function verdict(f: Figure): 'PASS' | 'MISS' | '' {
  if (!f.target) return '';
  if (!Number.isFinite(f.value)) return 'MISS';
  return (f.target.kind === 'min' ? f.value >= f.target.value : f.value <= f.target.value) ? 'PASS' : 'MISS';
}

function fmt(v: number, digits: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatReport(r: ScenarioReport): string {
  const rows = r.figures.map((f) => [
    f.label,
    `${fmt(f.value, f.digits ?? 0)} ${f.unit}`.trim(),
    f.target ? `${f.target.kind === 'min' ? '>=' : '<='} ${fmt(f.target.value, f.digits ?? 0)}` : '',
    verdict(f),
  ]);
  const head = ['figure', 'value', 'target', ''];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => (i === 1 ? c.padStart(width[i]!) : c.padEnd(width[i]!))).join('   ').trimEnd();
  const out = [`== ${r.scenario}: ${r.title}`, line(head), ...rows.map(line)];
  for (const n of r.notes) out.push(`  ${n}`);
  for (const p of r.problems) out.push(`  PROBLEM: ${p}`);
  return out.join('\n');
}
