// `thox store` and `thox run --store`, end to end: the built CLI (bin/thox.js → dist/) is spawned with
// a temporary store and its exit status, stdout and stderr are checked. Build first (`npx tsc -p .`).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'bin', 'thox.js');
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'thox-store-cli-'));
  temps.push(dir);
  return dir;
}

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
  out: Buffer;
}

/** Runs `node bin/thox.js ...args` from the repository root, with the given stdin and environment. */
function thox(args: string[], options: { input?: string | Buffer; env?: Record<string, string | undefined> } = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', ...options.env };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (status) => {
      const stdout = Buffer.concat(out);
      resolve({ status, stdout: stdout.toString(), stderr: Buffer.concat(err).toString(), out: stdout });
    });
    child.stdin.end(options.input ?? '');
  });
}

function file(dir: string, name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe.concurrent('thox store', () => {
  it('put, ls (user), cat, run (the user program shadows the factory one), rm, rm of a factory entry refused', async ({ expect }) => {
    const store = tempDir();
    const src = file(tempDir(), 'hello.lua', "print('hello from the user layer', ...)\n");
    const put = await thox(['store', 'put', 'programs/hello', src, '--store', store]);
    expect(put.status).toBe(0);
    expect(put.stderr).toBe('thox: programs/hello now shadows the factory entry\n');
    expect(readFileSync(join(store, 'programs', 'hello'), 'utf8')).toBe("print('hello from the user layer', ...)\n");

    const ls = await thox(['store', 'ls', 'programs', '--store', store]);
    expect(ls.status).toBe(0);
    expect(ls.stdout.split('\n')[0]).toMatch(/^NAMESPACE +NAME +SIZE +LAYER$/);
    expect(ls.stdout).toMatch(/^programs +hello +40 +user \(shadows factory\)$/m);
    expect(ls.stdout).toMatch(/^programs +spinners +\d+ +factory$/m);

    const cat = await thox(['store', 'cat', 'programs/hello.lua', '--store', store]);
    expect(cat.stdout).toBe("print('hello from the user layer', ...)\n");

    const run = await thox(['run', '--store', store, 'hello', 'x']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('hello from the user layer\tx\n');

    const rm = await thox(['store', 'rm', 'programs/hello', '--store', store]);
    expect(rm.status).toBe(0);
    expect(rm.stderr).toBe('thox: the factory programs/hello is visible again\n');
    expect((await thox(['run', '--store', store, 'hello'])).stdout).toMatch(/^Hello, world!/);

    const again = await thox(['store', 'rm', 'programs/hello', '--store', store]);
    expect(again.status).toBe(1);
    expect(again.stderr).toBe('thox: programs/hello is part of the factory layer (read-only)\n');
  });

  it('a new program, a user runtime and a user library are what run and require find', async ({ expect }) => {
    const store = tempDir();
    const dir = tempDir();
    await thox(['store', 'put', 'libraries/greet', file(dir, 'greet.lua', "return { hi = function(n) return 'hi ' .. n end }"), '--store', store]);
    await thox(['store', 'put', 'runtimes/shout', file(dir, 'shout.lua', 'local p = print; print = function(s) p(s:upper()) end'), '--store', store]);
    await thox(['store', 'put', 'programs/mine.lua', file(dir, 'mine.lua', "print(require('greet').hi('ada'))"), '--store', store]);
    const plain = await thox(['run', '--store', store, 'mine']);
    expect(plain.stderr).toBe('');
    expect(plain.stdout).toBe('hi ada\n');
    const shouted = await thox(['run', '--store', store, 'shout#mine']);
    expect(shouted.stdout).toBe('HI ADA\n');
    const unknown = await thox(['run', '--store', store, 'nope#mine']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/known: .*native.*shout/);
    const ls = await thox(['store', 'ls', '--store', store]);
    expect(ls.stdout).toMatch(/^libraries +greet +\d+ +user$/m);
    expect(ls.stdout).toMatch(/^runtimes +shout +\d+ +user$/m);
    expect(ls.stdout).toMatch(/^runtimes +native +\d+ +factory$/m);
  });

  it('lists the factory service kvd from store/services/ and runs kv_client, which starts it by name', async ({ expect }) => {
    const store = tempDir();
    const ls = await thox(['store', 'ls', 'services', '--store', store]);
    expect(ls.status).toBe(0);
    expect(ls.stdout).toMatch(/^services +kvd +\d+ +factory$/m);
    const kv = await thox(['run', '--store', store, 'kv_client']);
    expect(kv.stderr).toBe('');
    expect(kv.status).toBe(0);
    expect(kv.stdout).toMatch(/^colour is green\nkeys: colour, size\n/m);
  });

  it('put - reads standard input; cat writes the exact bytes back', async ({ expect }) => {
    const store = tempDir();
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    expect((await thox(['store', '--store', store, 'put', 'data/blob', '-'], { input: bytes })).status).toBe(0);
    const cat = await thox(['store', '--store', store, 'cat', 'data/blob']);
    expect(cat.status).toBe(0);
    expect(cat.out.equals(bytes)).toBe(true);
    expect((await thox(['store', 'ls', 'data', '--store', store])).stdout).toMatch(/^data +blob +256 +user$/m);
  });

  it('path: --store, else $THOX_STORE, else $XDG_DATA_HOME/thox, else ~/.local/share/thox; nothing is created', async ({ expect }) => {
    const dir = tempDir();
    const env = { THOX_STORE: undefined, XDG_DATA_HOME: undefined, HOME: dir };
    expect((await thox(['store', 'path', '--store', join(dir, 's')], { env })).stdout).toBe(`${join(dir, 's')}\n`);
    expect((await thox(['store', 'path'], { env: { ...env, THOX_STORE: join(dir, 't') } })).stdout).toBe(`${join(dir, 't')}\n`);
    expect((await thox(['store', 'path'], { env: { ...env, XDG_DATA_HOME: join(dir, 'x') } })).stdout).toBe(`${join(dir, 'x', 'thox')}\n`);
    expect((await thox(['store', 'path'], { env })).stdout).toBe(`${join(dir, '.local', 'share', 'thox')}\n`);
    await thox(['store', 'ls'], { env });
    expect(existsSync(join(dir, '.local'))).toBe(false);
    await thox(['store', 'put', 'data/d', '-'], { env, input: 'x' });
    expect(readFileSync(join(dir, '.local', 'share', 'thox', 'data', 'd'), 'utf8')).toBe('x');
  });

  it('errors: usage errors exit 2, a missing entry 1, each with a clear message', async ({ expect }) => {
    const store = tempDir();
    const cases: Array<[string[], number, RegExp]> = [
      [['store', 'ls', 'bin'], 2, /^thox: unknown namespace 'bin' \(namespaces: programs, libraries, runtimes, services, data\)\n$/],
      [['store', 'cat', 'hello'], 2, /^thox: expected NAMESPACE\/NAME \(such as programs\/hello\), got 'hello'/],
      [['store', 'cat', 'programs/../../etc/passwd'], 2, /^thox: bad program name '..\/..\/etc\/passwd': use letters, digits/],
      [['store', 'cat', `programs/${'x'.repeat(65)}`], 2, /^thox: bad program name: longer than 64 characters\n$/],
      [['store', 'put', 'data/x', '/nonexistent/file'], 2, /^thox: cannot read '\/nonexistent\/file': ENOENT\n$/],
      [['store', 'cat', 'programs/nope'], 1, /^thox: no entry programs\/nope in the store\n$/],
      [['store', 'rm', 'data/nope'], 1, /^thox: no entry data\/nope in the store\n$/],
      [['store', 'rm', 'runtimes/native'], 1, /^thox: runtimes\/native is part of the factory layer \(read-only\)\n$/],
      [['store', 'put', 'programs/x'], 2, /error: missing required argument 'file'/],
      [['store', 'frob'], 2, /error: unknown command 'frob'/],
      [['store'], 2, /Usage: thox store/],
    ];
    const results = await Promise.all(cases.map(([args]) => thox([...args, ...(args.length > 1 ? ['--store', store] : [])])));
    results.forEach((r, i) => {
      const [args, status, message] = cases[i];
      expect(r.status, args.join(' ')).toBe(status);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stdout, args.join(' ')).toBe('');
    });
  });

  it.skipIf(!existsSync('/proc/self'))(
    'a store under /proc (--store or THOX_STORE): a store error (status 1; to a program, a failed call), no endless retry',
    async ({ expect }) => {
      const [put, env] = await Promise.all([
        thox(['store', 'put', 'data/x', '-', '--store', '/proc/self/x'], { input: 'x' }),
        thox(['store', 'put', 'programs/p', '-'], { input: 'x', env: { THOX_STORE: '/proc/self/thox/store' } }),
      ]);
      const program = file(tempDir(), 'dw.lua', 'print(pcall(os.rpc(0).data.write, "x"))\n');
      const run = await thox(['run', program], { env: { THOX_STORE: '/proc/self/thox' } });
      expect(run.stdout).toBe("false\tdw.lua:1: call 'data.write' failed: error: cannot create the data folder of the store: ENOENT\n");
      expect(run.status).toBe(0);
      expect(put.stderr).toBe('thox: cannot create the data folder of the store: ENOENT\n');
      expect(env.stderr).toBe('thox: cannot create the programs folder of the store: ENOENT\n');
      for (const r of [put, env]) expect(r.status).toBe(1);
    },
  );

  it('makes a store several folders deep on the first put', async ({ expect }) => {
    const store = join(tempDir(), 'a', 'b', 'c');
    expect((await thox(['store', 'put', 'data/x', '-', '--store', store], { input: 'deep' })).status).toBe(0);
    expect(readFileSync(join(store, 'data', 'x'), 'utf8')).toBe('deep');
  });

  it('names in messages are echoed as typed (control characters escaped), not as \\x escapes of UTF-16', async ({ expect }) => {
    const [accented, control, namespace] = await Promise.all([
      thox(['store', 'cat', 'data/Ünï']),
      thox(['store', 'cat', 'data/a\x1bb']),
      thox(['store', 'ls', 'prögrams']),
    ]);
    expect(accented.stderr).toBe("thox: bad data stream name 'Ünï': use letters, digits, '_', '-' and '.' (not first), no '/' or '..'\n");
    expect(control.stderr).toBe("thox: bad data stream name 'a\\x1bb': use letters, digits, '_', '-' and '.' (not first), no '/' or '..'\n");
    expect(namespace.stderr).toBe("thox: unknown namespace 'prögrams' (namespaces: programs, libraries, runtimes, services, data)\n");
    for (const r of [accented, control, namespace]) expect(r.status).toBe(2);
  });

  it('help shows the sub-commands and examples', async ({ expect }) => {
    const r = await thox(['store', '--help']);
    expect(r.status).toBe(0);
    for (const word of [
      'ls [options] [namespace]',
      'cat [options] <entry>',
      'put [options] <entry> <file>',
      'rm [options] <entry>',
      'path',
      'Examples:',
      'thox store put programs/hello',
    ]) {
      expect(r.stdout).toContain(word);
    }
    expect((await thox(['run', '--help'])).stdout).toContain('--store <dir>');
  });
});
