// The drift report: JSON for machines, Markdown for people (fit for a pull request comment).
import { Change, formatCost } from '../spec/changes';
import { ObjectSpec, objectId } from '../spec/model';
import { ObjectPlan, planObject } from './plan';

export interface StackReport {
  readonly stack: string;
  readonly url: string;
  readonly checked: boolean;
  readonly reason?: string;
  readonly generatedAt: string;
  readonly durationMs: number;
  readonly queries?: number;
  readonly notices: readonly string[];
  readonly objects: readonly ObjectPlan[];
}

/** What a stack's drift check found (sql/live/stack-check.ts StackCheck). */
export interface StackCheckResult {
  readonly checked: boolean;
  readonly reason?: string;
  readonly url: string;
  readonly byObject?: ReadonlyMap<string, readonly Change[]>;
  readonly notices: readonly string[];
  readonly queries?: number;
  readonly durationMs: number;
}

/** The report of a stack's drift check: a verdict per declared object, in declaration order. */
export function stackReport(stack: string, specs: readonly ObjectSpec[], check: StackCheckResult, generatedAt: Date = new Date()): StackReport {
  return {
    stack,
    url: check.url,
    checked: check.checked,
    ...(check.reason !== undefined ? { reason: check.reason } : {}),
    generatedAt: generatedAt.toISOString(),
    durationMs: check.durationMs,
    ...(check.queries !== undefined ? { queries: check.queries } : {}),
    notices: check.notices,
    objects: specs.map((s) => planObject(s, check.byObject ? (check.byObject.get(objectId(s)) ?? []) : undefined)),
  };
}

export function summarize(report: StackReport): { inSync: number; drifted: number; blocked: number; unchecked: number } {
  let inSync = 0,
    drifted = 0,
    blocked = 0,
    unchecked = 0;
  for (const o of report.objects) {
    if (o.state === 'in_sync') inSync++;
    else if (o.state === 'unchecked') unchecked++;
    else {
      drifted++;
      if (o.changes.some((c) => !c.runnable)) blocked++;
    }
  }
  return { inSync, drifted, blocked, unchecked };
}

export function renderMarkdown(report: StackReport): string {
  const s = summarize(report);
  const lines: string[] = [];
  lines.push(`### ClickHouse schema drift: stack \`${report.stack}\``);
  lines.push('');
  if (!report.checked) {
    lines.push(
      `> **Drift was NOT checked**: ${report.reason ?? 'unknown reason'}. Nothing is known about this stack's objects; a plan or deploy against an unreachable server fails.`,
    );
    lines.push('');
  }
  lines.push(
    `Server: \`${report.url}\` · ${report.objects.length} objects · ${s.inSync} in sync · ${s.drifted} drifted${s.blocked ? ` (${s.blocked} need a decision)` : ''}${s.unchecked ? ` · ${s.unchecked} unchecked` : ''}${report.queries !== undefined ? ` · ${report.queries} queries in ${report.durationMs} ms` : ''}`,
  );
  for (const n of report.notices) lines.push(`\n> ${n}`);
  const drifted = report.objects.filter((o) => o.state === 'drift');
  if (drifted.length === 0 && report.checked) {
    lines.push('', 'No drift: the server matches the declared schema.');
    return lines.join('\n') + '\n';
  }
  if (drifted.length) {
    lines.push('', '| object | reasons | deploy |', '|---|---|---|');
    for (const o of drifted) {
      const runnable = o.changes.filter((c) => c.runnable).length;
      const refused = o.changes.length - runnable;
      lines.push(
        `| \`${o.object}\` | ${o.reasons.replace(/\|/g, '\\|')} | ${runnable ? `${runnable} change(s) to apply` : ''}${runnable && refused ? ', ' : ''}${refused ? `**${refused} refused**` : ''} |`,
      );
    }
    for (const o of drifted) {
      lines.push('', `#### \`${o.object}\``);
      for (const c of o.changes)
        lines.push(
          `- \`${c.reason}\`${c.host ? ` on \`${c.host}\`` : ''}: ${c.detail}${c.cost ? ` — cost: ${formatCost(c.cost)}` : ''}${c.runnable ? '' : ` — **not run**${c.hint ? `: ${c.hint}` : ''}`}`,
        );
      if (o.sql) lines.push('', '```sql', o.sql, '```');
    }
  }
  return lines.join('\n') + '\n';
}
