// The Lua examples of the documentation, run as programs in a simulated kernel on both VMs: each must end
// well and print what its `-->` comments say. Store entries and fragments are checked too: none is skipped.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/testing.js';
import { VM_NAMES } from '../src/vm/vm.js';

/** The pages whose examples are checked. */
const PAGES = ['README.md', 'docs/native-api.md', 'docs/contexts.md', 'docs/devices.md'];

/**
 * The blocks fenced as ```lua-fragment: pieces of a larger program, shown but not run. Each must be a
 * verbatim excerpt of the file its first line names (`-- fragment of PATH`), which the test checks.
 */
const FRAGMENTS: Record<string, number> = { 'README.md': 0, 'docs/native-api.md': 0, 'docs/contexts.md': 1, 'docs/devices.md': 0 };

interface Example {
  page: string;
  /** The line of the opening fence, for messages. */
  line: number;
  fragment: boolean;
  source: string;
}

/** A block whose first line is `-- store entry libraries/NAME` is a library the other examples may require. */
const ENTRY = /^-- store entry libraries\/([\w.-]+)$/;

function entryName(e: Example): string | undefined {
  return ENTRY.exec(e.source.split('\n', 1)[0])?.[1];
}

/** Every ```lua and ```lua-fragment block of a page. */
function examples(page: string): Example[] {
  const lines = readFileSync(page, 'utf8').split('\n');
  const found: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(lua|lua-fragment)\s*$/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]);
    found.push({ page, line: start + 1, fragment: open[1] === 'lua-fragment', source: `${body.join('\n')}\n` });
  }
  return found;
}

/** How an example is run: its first line may be `-- thox run [--deterministic] NAME.lua [ARGS...]`. */
interface Invocation {
  name: string;
  args: string[];
}

function invocation(source: string): Invocation {
  const first = source.split('\n', 1)[0];
  const run = /^-- thox run (.*)$/.exec(first);
  if (!run) return { name: 'example.lua', args: [] };
  // simulate's clock is always the virtual one, which is what --deterministic asks for
  const words = run[1].split(/\s+/).filter((w) => w !== '--deterministic');
  if (!words[0]?.endsWith('.lua')) throw new Error(`bad example header (want "-- thox run NAME.lua ARGS..."): ${first}`);
  return { name: words[0], args: words.slice(1) };
}

/** Runs of spaces and tabs count as one space (the comments cannot show tabs); trailing ones are dropped. */
function normalize(line: string): string {
  return line.replace(/[ \t]+/g, ' ').trimEnd();
}

/** What the comments promise: `--> text` lines on standard output, `--! text` on standard error, in order. */
function expected(source: string, marker: '-->' | '--!'): string[] {
  const lines: string[] = [];
  for (const line of source.split('\n')) {
    const at = line.indexOf(marker);
    if (at >= 0) lines.push(normalize(line.slice(at + marker.length).replace(/^ /, '')));
  }
  return lines;
}

function outputLines(text: string): string[] {
  return text === '' ? [] : text.replace(/\n$/, '').split('\n').map(normalize);
}

const ALL = PAGES.flatMap(examples);
const LIBRARIES = Object.fromEntries(
  ALL.flatMap((e) => {
    const name = entryName(e);
    return name === undefined ? [] : [[name, e.source]];
  }),
);
const RUNNABLE = ALL.filter((e) => !e.fragment && entryName(e) === undefined);

describe('the documentation examples', () => {
  it('are all found: every page has runnable examples, and the fragments are exactly the ones listed', () => {
    for (const page of PAGES) {
      expect(RUNNABLE.filter((e) => e.page === page).length, page).toBeGreaterThan(0);
      expect(ALL.filter((e) => e.page === page && e.fragment).length, page).toBe(FRAGMENTS[page]);
    }
  });

  it('use every library they define', () => {
    expect(Object.keys(LIBRARIES).length).toBeGreaterThan(0);
    for (const name of Object.keys(LIBRARIES)) {
      expect(
        RUNNABLE.some((e) => e.source.includes(`require('${name}')`)),
        name,
      ).toBe(true);
    }
  });

  it.each(ALL.filter((e) => e.fragment).map((e) => [`${e.page}:${e.line}`, e] as const))(
    'fragment %s is a verbatim excerpt of the file it names',
    (_where, e) => {
      const [first, ...rest] = e.source.split('\n');
      const from = /^-- fragment of (\S+)$/.exec(first);
      if (!from) throw new Error(`a fragment names its file on its first line (-- fragment of PATH), not: ${first}`);
      expect(readFileSync(from[1], 'utf8')).toContain(rest.join('\n').trimEnd());
    },
  );
});

describe.each(VM_NAMES)('the documentation examples on %s', (vm) => {
  it.each(RUNNABLE.map((e) => [`${e.page}:${e.line}`, e] as const))('%s runs as shown', async (_where, e) => {
    const { name, args } = invocation(e.source);
    const sim = await simulate({ vm, libraries: LIBRARIES });
    const p = sim.kernel.spawn({ name, source: e.source, args, program: name.replace(/\.lua$/, '') });
    sim.run({ until: () => p.exit !== null });
    expect(p.exit, 'the program ended').toMatchObject({ code: 0, kind: 'exited' });
    const stdout = expected(e.source, '-->');
    expect(stdout.length, 'an example shows its output in --> comments').toBeGreaterThan(0);
    expect(outputLines(sim.output.stdout)).toEqual(stdout);
    expect(outputLines(sim.output.stderr)).toEqual(expected(e.source, '--!'));
  });
});
