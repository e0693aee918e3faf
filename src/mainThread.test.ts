/**
 * The main thread never loads TensorFlow.js: walk the static imports from src/main.tsx (relative
 * `import ... from` and `export ... from`, resolving .ts, .tsx and index.ts) and fail if a module it
 * reaches imports `@tensorflow/`. Type-only imports (`import type`, `export type`) are erased and not
 * followed; dynamic `import()` and `new Worker(new URL(...))` load separate chunks and are not
 * followed either. The lint rule (eslint.config.js) bans direct tfjs imports in src/ui, src/state
 * and main.tsx; this catches one that arrives through plain TypeScript in src/model or src/methods.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');
const ENTRY = resolve(__dirname, 'main.tsx');

/** `import x from '...'`, `import { a, type b } from '...'`, `export * from '...'`; group 1 is `type` when type-only. */
const FROM = /^[ \t]*(?:import|export)\s+(type\s+)?[\w$*{}\s,]*?\s*from\s*['"]([^'"]+)['"]/gm;
/** `import './side-effect'`. */
const BARE = /^[ \t]*import\s*['"]([^'"]+)['"]/gm;

/** The modules a source file loads at run time, as written (relative or package). */
export function staticImports(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(FROM)) if (!m[1] && m[2]) out.push(m[2]);
  for (const m of source.matchAll(BARE)) if (m[1]) out.push(m[1]);
  return out;
}

function resolveModule(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`])
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  return null;
}

/** Every module reachable from `entry`, with the module that first imported it and the packages each imports. */
function walk(entry: string) {
  const parent = new Map<string, string | null>([[entry, null]]);
  const packages = new Map<string, string[]>();
  const unresolved: string[] = [];
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (!/\.tsx?$/.test(file)) continue;
    const pkgs: string[] = [];
    for (const spec of staticImports(readFileSync(file, 'utf8'))) {
      if (spec.includes('?')) continue; // an asset URL (`?url`, `?worker`), not a module
      if (!spec.startsWith('.')) {
        pkgs.push(spec);
        continue;
      }
      const target = resolveModule(file, spec);
      if (!target) unresolved.push(`${relative(ROOT, file)}: ${spec}`);
      else if (!parent.has(target)) {
        parent.set(target, file);
        queue.push(target);
      }
    }
    packages.set(file, pkgs);
  }
  const chain = (file: string): string => {
    const names: string[] = [];
    for (let f: string | null | undefined = file; f; f = parent.get(f)) names.unshift(relative(ROOT, f));
    return names.join(' -> ');
  };
  return { parent, packages, unresolved, chain };
}

describe('the main thread', () => {
  it('reads static and type-only imports apart', () => {
    const source = [
      "import * as tf from '@tensorflow/tfjs';",
      "import type { A } from './a';",
      "import { type B, c } from './b';",
      "export type { D } from './d';",
      "export * from './e';",
      'import {',
      '  f,',
      '  g as h,',
      "} from './f';",
      "import './side';",
      "const later = import('./lazy');",
      " * import x from './in-a-comment';",
    ].join('\n');
    expect(staticImports(source)).toEqual(['@tensorflow/tfjs', './b', './e', './f', './side']);
  });

  it('imports no TensorFlow.js, directly or through anything it imports', () => {
    const { parent, packages, unresolved, chain } = walk(ENTRY);
    expect(unresolved).toEqual([]);
    // The walk reaches the store, the worker client and the protocol, and stops at the worker's chunk.
    const reached = [...parent.keys()].map((f) => relative(ROOT, f));
    expect(reached).toEqual(expect.arrayContaining(['src/worker/client.ts', 'src/worker/protocol.ts']));
    expect(reached).not.toContain('src/worker/adapt.worker.ts');
    const offenders = [...packages]
      .filter(([, pkgs]) => pkgs.some((p) => p.startsWith('@tensorflow/')))
      .map(([file]) => chain(file));
    expect(offenders).toEqual([]);
  });
});
