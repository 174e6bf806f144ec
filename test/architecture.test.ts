// The layering rules of docs/architecture.md, checked on the source: arrows point down only, no import cycles
// in the kernel, only src/vm touches a concrete engine.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') || e.name.endsWith('.tsx') ? [path] : [];
  });
}

/** The modules a file imports for their values (`import type` is erased and left out). */
function valueImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^import (?!type )[^;]*?from '([^']+)'/gms)].map((m) => m[1]);
}

describe('architecture', () => {
  it('has no value-import cycle under src/kernel', () => {
    const files = sources('src/kernel');
    const graph = new Map(
      files.map((f) => [
        f,
        valueImports(f)
          .filter((m) => m.startsWith('./'))
          .map((m) => join('src/kernel', m.replace(/\.js$/, '.ts'))),
      ]),
    );
    const cycles: string[] = [];
    const done = new Set<string>();
    const visit = (f: string, path: string[]): void => {
      if (path.includes(f)) {
        cycles.push([...path.slice(path.indexOf(f)), f].join(' -> '));
        return;
      }
      if (done.has(f)) return;
      for (const next of graph.get(f) ?? []) visit(next, [...path, f]);
      done.add(f);
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it('lets only src/vm import a Lua engine, and the kernel import nothing above it', () => {
    const engines = sources('src').filter((f) => !f.startsWith('src/vm/') && valueImports(f).some((m) => m === 'wasmoon' || m === 'fengari'));
    expect(engines).toEqual([]);
    const upward = sources('src/kernel').filter((f) => valueImports(f).some((m) => /^\.\.\/(cli|tui|host|init|bench)\//.test(m)));
    expect(upward).toEqual([]);
  });
});
