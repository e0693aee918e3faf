import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initialScripts } from './payload';

const dist = mkdtempSync(join(tmpdir(), 'warmstart-payload-'));
afterAll(() => rmSync(dist, { recursive: true, force: true }));

function write(file: string, text: string) {
  mkdirSync(join(dist, file, '..'), { recursive: true });
  writeFileSync(join(dist, file), text);
}

describe('initial JavaScript', () => {
  it('is the entry script, its modulepreloads and their static imports, not the chunks loaded on demand', () => {
    write(
      'index.html',
      [
        '<link rel="icon" type="image/svg+xml" href="./favicon.svg" />',
        '<script type="module" crossorigin src="./assets/index-a.js"></script>',
        '<link rel="modulepreload" crossorigin href="./assets/runtime-b.js">',
        '<link rel="stylesheet" crossorigin href="./assets/index-c.css">',
      ].join('\n'),
    );
    write(
      'assets/index-a.js',
      'const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["./Lazy-d.js","./runtime-b.js"])))=>i.map(i=>d[i]);\n' +
        'import{r as e}from"./runtime-b.js";import"./side-e.js";const L=()=>import("./Lazy-d.js");',
    );
    write('assets/runtime-b.js', 'export const r=1;');
    write('assets/side-e.js', 'console.log(1);');
    write('assets/Lazy-d.js', 'import{r}from"./runtime-b.js";import{x}from"./recharts-f.js";');
    write('assets/recharts-f.js', 'export const x=1;');
    write('assets/index-c.css', 'body{}');
    expect(initialScripts(dist).sort()).toEqual([
      'assets/index-a.js',
      'assets/runtime-b.js',
      'assets/side-e.js',
    ]);
  });
});
