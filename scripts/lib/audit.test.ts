import { describe, expect, it } from 'vitest';
import { auditVerdict } from './audit';

const report = (counts: Record<string, number>, vulnerabilities: object = {}) =>
  JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities,
    metadata: {
      vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...counts },
      dependencies: { prod: 42, total: 300 },
    },
  });

describe('auditVerdict', () => {
  it('passes a report without high or critical advisories, counting the rest', () => {
    expect(auditVerdict(report({ moderate: 1, low: 2 }))).toEqual({
      kind: 'clean',
      summary:
        'npm audit --omit=dev: 0 critical, 0 high, 1 moderate, 2 low, 0 info in 42 production dependencies',
    });
  });

  it('fails on a high or critical advisory and names the packages', () => {
    const v = auditVerdict(
      report(
        { high: 1, moderate: 1 },
        {
          'node-fetch': { severity: 'high', range: '<2.6.7' },
          other: { severity: 'moderate' },
        },
      ),
    );
    expect(v.kind).toBe('findings');
    expect(v.kind === 'findings' && v.packages).toEqual(['node-fetch (high, <2.6.7)']);
  });

  it('reports an advisory service that did not answer (a GET-only proxy answers 405)', () => {
    const proxy = JSON.stringify({
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
      error: { summary: '', detail: '' },
    });
    expect(auditVerdict(proxy)).toEqual({
      kind: 'unavailable',
      summary:
        'the advisory service did not answer: 405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
    });
    expect(auditVerdict('').kind).toBe('unavailable');
  });
});
