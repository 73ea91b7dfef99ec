// The REFRESH clause of a refreshable materialized view: its normal form (intervals as the server
// prints them) and its rules. Pure.
import type { RefreshSpec } from './model';

const UNITS = ['NANOSECOND', 'MICROSECOND', 'MILLISECOND', 'SECOND', 'MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'];

/** An interval as the server prints it: '30 minutes' -> '30 MINUTE'; text that is not 'n unit [n unit ...]' is returned trimmed. */
export function intervalNormalForm(interval: string): string {
  const words = interval.trim().split(/\s+/);
  if (words.length % 2 !== 0) return interval.trim();
  const out: string[] = [];
  for (let i = 0; i < words.length; i += 2) {
    const unit = words[i + 1].toUpperCase().replace(/S$/, '');
    if (!/^\d+$/.test(words[i]) || !UNITS.includes(unit)) return interval.trim();
    out.push(`${Number(words[i])} ${unit}`);
  }
  return out.join(' ');
}

/** The clause in the server's printed form (intervals normalised, settings as strings, no empty parts). */
export function refreshNormalForm(r: RefreshSpec): RefreshSpec {
  const settings = Object.entries(r.settings ?? {});
  return {
    kind: r.kind,
    interval: intervalNormalForm(r.interval),
    ...(r.offset !== undefined ? { offset: intervalNormalForm(r.offset) } : {}),
    ...(r.randomizeFor !== undefined ? { randomizeFor: intervalNormalForm(r.randomizeFor) } : {}),
    ...(r.dependsOn?.length ? { dependsOn: r.dependsOn.map((d) => ({ database: d.database, name: d.name })) } : {}),
    ...(settings.length ? { settings: Object.fromEntries(settings.map(([k, v]) => [k, String(v)])) } : {}),
    ...(r.append ? { append: true } : {}),
  };
}

/** Problems of a declared REFRESH clause, as [field, message] (field relative to `refresh`). */
export function refreshProblems(r: RefreshSpec): [string, string][] {
  const problems: [string, string][] = [];
  if (r.kind !== 'EVERY' && r.kind !== 'AFTER') problems.push(['kind', `must be 'EVERY' or 'AFTER', got ${JSON.stringify(r.kind)}`]);
  const interval = (field: 'interval' | 'offset' | 'randomizeFor', v: string | undefined) => {
    if (v === undefined) return;
    const n = intervalNormalForm(String(v));
    if (!/^\d+ [A-Z]+( \d+ [A-Z]+)*$/.test(n)) problems.push([field, `must be a number and a unit ('1 HOUR', '30 MINUTE'), got ${JSON.stringify(v)}`]);
  };
  interval('interval', r.interval);
  interval('offset', r.offset);
  interval('randomizeFor', r.randomizeFor);
  if (r.offset !== undefined && r.kind === 'AFTER') problems.push(['offset', 'OFFSET applies to REFRESH EVERY only']);
  return problems;
}
