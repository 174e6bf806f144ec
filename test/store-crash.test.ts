// Crash consistency: a `thox` process killed (SIGKILL) at seeded random moments of a write loop, many times,
// through the CLI (`thox store put`) and through a Lua program writing its data stream (`thox run`). After
// every kill the entry is a whole old or whole new value, and crash leftovers never break a later read.
// Runs the built CLI (bin/thox.js over dist/): run `npx tsc -p .` first.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../src/kernel/random.js';
import { DirectoryBackend } from '../src/store/index.js';

const THOX = fileURLToPath(new URL('../bin/thox.js', import.meta.url));
const CLI_KILLS = 40;
const LUA_KILLS = 30;

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'thox-crash-'));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/**
 * A self-checking value: `v=N len=L\n`, then L bytes of N as 8 digits, repeated (what the Lua writer builds
 * with string.format('%08d', n)). Two versions differ in every 8 bytes of their bodies.
 */
function versionValue(version: number, length: number): string {
  return `v=${version} len=${length}\n${String(version)
    .padStart(8, '0')
    .repeat(length / 8)}`;
}

/** The version a stored value is a whole copy of, or a description of how it is not whole. */
function versionIn(value: string): number | string {
  const head = /^v=(\d+) len=(\d+)\n/.exec(value);
  if (!head) return `no header: ${JSON.stringify(value.slice(0, 24))}`;
  const [version, length] = [Number(head[1]), Number(head[2])];
  if (value.length - head[0].length !== length) return `v=${version}: ${value.length - head[0].length} bytes of body, header says ${length}`;
  return value === versionValue(version, length) ? version : `v=${version}: a body that is not all of version ${version}`;
}

/** Temporary files in a namespace folder (a killed writer's leftovers). */
function temporaries(root: string, ns: string): string[] {
  const dir = join(root, ns);
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.tmp')) : [];
}

/** When the kill's delay starts: at the start, once the input was all taken, or once a temporary file appears in a folder. */
type From = { start: true } | { input: string } | { input: string; tempIn: string };

/**
 * Runs `thox ARGS` (with `input` on its standard input when given); kills it with SIGKILL `delayMs` after the
 * moment `from` names, unless it ended first. Resolves with how it ended and how long it ran after that moment.
 */
function runKilled(args: string[], delayMs: number, from: From): Promise<{ killed: boolean; code: number | null; stderr: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const input = 'input' in from ? from.input : undefined;
    const child = spawn(process.execPath, [THOX, ...args], { stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    let armedAt = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      armedAt = performance.now();
      timer ??= setTimeout(() => child.kill('SIGKILL'), delayMs);
    };
    const watcher = 'tempIn' in from ? watch(from.tempIn, (_event, file) => file?.endsWith('.tmp') && arm()) : null;
    if (input === undefined) arm();
    else child.stdin?.end(Buffer.from(input, 'latin1'), () => watcher === null && arm());
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      watcher?.close();
      resolve({ killed: signal === 'SIGKILL', code, stderr, ms: performance.now() - armedAt });
    });
  });
}

/** How long one unkilled `thox ARGS` takes here (after its input was taken): the kill delays are spread over it. */
async function duration(args: string[], from: From): Promise<number> {
  const r = await runKilled(args, 600_000, from);
  expect(r.code, r.stderr).toBe(0);
  return r.ms;
}

/** The figures of a kill loop, printed for docs/security.md. */
interface Tally {
  kills: number;
  oldValue: number;
  newValue: number;
  leftovers: number;
}

function report(what: string, t: Tally): void {
  process.stdout.write(
    `${what}: ${t.kills} kills; entry then held the old value ${t.oldValue} times, the new one ${t.newValue} times; ${t.leftovers} kills left a temporary file\n`,
  );
}

/** Lua: loops writing whole versions (each one data.write at 0 of a same-length value) after the one it finds. */
const WRITER = `
local data = os.rpc(0).data
local length = tonumber((...))
local found = data.read(32):match('^v=(%d+) ')
local n = tonumber(found) or 0
while true do
  n = n + 1
  local value = string.format('v=%d len=%d\\n', n, length) .. string.rep(string.format('%08d', n), length // 8)
  data.seek('set', 0)
  data.write(value)
end`;

describe('crash consistency', () => {
  it('runs the built CLI', () => {
    expect(existsSync(fileURLToPath(new URL('../dist/cli/main.js', import.meta.url))), 'dist/cli/main.js is missing: build first (npx tsc -p .)').toBe(true);
  });

  it.concurrent(`thox store put killed ${CLI_KILLS} times: the entry is always a whole old or new value`, async () => {
    const dir = tempDir();
    const root = join(dir, 'store');
    const random = new SeededRandom(6);
    const put = ['store', 'put', '--store', root, 'data/x', '-'];
    const value = (version: number): string => versionValue(version, version % 2 === 0 ? 4 << 20 : 1 << 20);
    const full = await duration(put, { input: value(0) });
    const tally: Tally = { kills: 0, oldValue: 0, newValue: 0, leftovers: 0 };
    let current = 0;
    for (let version = 1; tally.kills < CLI_KILLS; version++) {
      // The kill comes while the CLI writes: after it has read its whole input, before it would have ended; every
      // other time, within 2 ms of its temporary file's creation (the window between that and the rename).
      const input = value(version);
      const from = version % 2 === 0 ? { input } : { input, tempIn: join(root, 'data') };
      const r = await runKilled(put, (version % 2 === 0 ? full * 1.2 : 2) * random.next(), from);
      const left = temporaries(root, 'data').length; // before a backend opens the folder (and removes them)
      const found = versionIn(new DirectoryBackend(root).get('data', 'x') ?? '');
      expect([current, version], `after a put of v${version}: ${found}`).toContain(found);
      if (!r.killed) {
        expect(r.code, r.stderr).toBe(0);
        expect(found).toBe(version);
        current = version;
        continue;
      }
      tally.kills++;
      if (found === version) tally.newValue++;
      else tally.oldValue++;
      current = Number(found);
      if (left > 0) tally.leftovers++;
      expect(temporaries(root, 'data'), "the first read removed the dead writer's leftover").toEqual([]);
    }
    report('thox store put', tally);
    await duration(put, { input: value(0) }); // the next writer removes the dead writers' leftovers
    expect(readdirSync(join(root, 'data'))).toEqual(['x']);
  }, 300_000);

  it.concurrent(`thox run of a Lua program writing its data stream, killed ${LUA_KILLS} times: always a whole version`, async () => {
    const root = join(tempDir(), 'store');
    new DirectoryBackend(root).put('programs', 'writer', WRITER);
    const random = new SeededRandom(7);
    const run = ['run', '--store', root, 'writer', String(1 << 20)];
    const startup = await duration(['run', '--store', root, 'hello'], { start: true });
    const tally: Tally = { kills: 0, oldValue: 0, newValue: 0, leftovers: 0 };
    let last = 0;
    while (tally.kills < LUA_KILLS) {
      const r = await runKilled(run, startup * (0.5 + 1.5 * random.next()), { start: true });
      expect(r.killed, r.stderr).toBe(true);
      tally.kills++;
      if (temporaries(root, 'data').length > 0) tally.leftovers++;
      const found = versionIn(new DirectoryBackend(root).get('data', 'writer') ?? 'v=0 len=0\n');
      expect(typeof found, `after kill ${tally.kills}: ${found}`).toBe('number');
      expect(found).toBeGreaterThanOrEqual(last);
      if (found === last) tally.oldValue++;
      else tally.newValue++;
      last = Number(found);
    }
    report('thox run (Lua data stream)', tally);
    expect(last, 'the writer never wrote').toBeGreaterThan(0);
  }, 300_000);
});
