/**
 * One measured figure, its budget and whether it holds. `machineIndependent` figures (counts and
 * bundle sizes) are the only ones that may fail CI: timings vary from machine to machine.
 */
export interface Figure {
  figure: string;
  value: number;
  unit: string;
  budget: number | null;
  /** How the value is compared with the budget. */
  compare?: 'min' | 'max' | 'exact';
  machineIndependent?: boolean;
  /** One line for the table: what was measured. */
  note?: string;
}

export interface JsonFigure {
  figure: string;
  value: number;
  unit: string;
  budget: number | null;
  ok: boolean | null;
}

export function holds(f: Figure): boolean | null {
  if (f.budget === null || !Number.isFinite(f.value)) return f.budget === null ? null : false;
  if (f.compare === 'exact') return f.value === f.budget;
  if (f.compare === 'min') return f.value >= f.budget;
  return f.value <= f.budget;
}

export function toJson(f: Figure): JsonFigure {
  return { figure: f.figure, value: f.value, unit: f.unit, budget: f.budget, ok: holds(f) };
}

/** Figures whose budget fails and that do not depend on the machine: these fail CI. */
export function hardFailures(figures: readonly Figure[]): Figure[] {
  return figures.filter((f) => f.machineIndependent && holds(f) === false);
}

const round = (value: number): number => {
  if (!Number.isFinite(value)) return value;
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 1 ? 2 : 4;
  return Number(value.toFixed(digits));
};

export { round };

function budgetText(f: Figure): string {
  if (f.budget === null) return '–';
  const op = f.compare === 'exact' ? '=' : f.compare === 'min' ? '≥' : '≤';
  return `${op} ${f.budget}`;
}

/** A plain-text table, widths fitted to the content. */
export function table(figures: readonly Figure[]): string {
  const rows = figures.map((f) => {
    const ok = holds(f);
    const verdict = ok === null ? '' : ok ? 'ok' : f.machineIndependent ? 'FAIL' : 'over';
    return [f.figure, String(round(f.value)), f.unit, budgetText(f), verdict, f.note ?? ''];
  });
  const header = ['figure', 'value', 'unit', 'budget', 'ok', 'what'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
