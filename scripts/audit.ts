/**
 * npm run audit: `npm audit --omit=dev` (what the app ships, not the build tools) that fails on any
 * high or critical advisory. When the advisory service does not answer (offline, or a registry
 * proxy that allows only GET and answers the audit's POST with 405) it says so and passes, so the
 * CI does not fail on the network; AUDIT_REQUIRED=1 makes that a failure too.
 */
import { spawnSync } from 'node:child_process';
import { auditVerdict } from './lib/audit';

const r = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', timeout: 120_000 });
const verdict = auditVerdict(r.stdout ?? '');
switch (verdict.kind) {
  case 'clean':
    console.error(`${verdict.summary}: no high or critical advisory.`);
    break;
  case 'findings':
    console.error(
      `${verdict.summary}. High or critical:\n  ${verdict.packages.join('\n  ')}\nRun \`npm audit --omit=dev\` for the advisories and fixes.`,
    );
    process.exit(1);
    break;
  case 'unavailable': {
    const required = process.env.AUDIT_REQUIRED === '1';
    console.error(
      `${required ? 'error' : 'warning'}: npm audit could not run, ${verdict.summary}. The production dependencies were NOT checked${required ? '' : ' (set AUDIT_REQUIRED=1 to fail on this)'}.`,
    );
    if (required) process.exit(1);
  }
}
