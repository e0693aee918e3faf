/**
 * Reading `npm audit --json`: the verdict `npm run audit` acts on. Pure, so the three outcomes
 * (clean, findings, no answer from the advisory service) are unit-tested without the network.
 */

export type AuditVerdict =
  | { kind: 'clean'; summary: string }
  | { kind: 'findings'; summary: string; packages: string[] }
  | { kind: 'unavailable'; summary: string };

const FAILING = ['high', 'critical'] as const;

interface AuditJson {
  message?: string;
  metadata?: { vulnerabilities?: Record<string, number>; dependencies?: { prod?: number; total?: number } };
  vulnerabilities?: Record<string, { severity?: string; via?: unknown[]; range?: string }>;
}

/** The verdict on `npm audit --json` output: high or critical advisories fail, lower ones are listed. */
export function auditVerdict(stdout: string): AuditVerdict {
  let json: AuditJson;
  try {
    json = JSON.parse(stdout) as AuditJson;
  } catch {
    return {
      kind: 'unavailable',
      summary: `npm audit printed no report (${stdout.trim().slice(0, 200) || 'nothing'})`,
    };
  }
  const counts = json.metadata?.vulnerabilities;
  if (!counts)
    return {
      kind: 'unavailable',
      summary: `the advisory service did not answer: ${json.message ?? 'no report'}`,
    };
  const levels = ['critical', 'high', 'moderate', 'low', 'info']
    .map((l) => `${counts[l] ?? 0} ${l}`)
    .join(', ');
  const deps = json.metadata?.dependencies?.prod ?? json.metadata?.dependencies?.total;
  const summary = `npm audit --omit=dev: ${levels}${deps === undefined ? '' : ` in ${deps} production dependencies`}`;
  const packages = Object.entries(json.vulnerabilities ?? {})
    .filter(([, v]) => (FAILING as readonly string[]).includes(v.severity ?? ''))
    .map(([name, v]) => `${name} (${v.severity}${v.range ? `, ${v.range}` : ''})`);
  const failing = FAILING.reduce((n, l) => n + (counts[l] ?? 0), 0);
  return failing > 0 ? { kind: 'findings', summary, packages } : { kind: 'clean', summary };
}
