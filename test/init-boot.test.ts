// `thox boot` end to end: the built CLI boots a system in the background on a temporary store; `thox svc`
// and `thox ps` talk to it over the control socket; bad requests are refused; SIGTERM shuts it down cleanly.
// Build first (`npx tsc -p .`).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { socketPath } from '../src/cli/control-protocol.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'bin', 'thox.js');
const store = mkdtempSync(join(tmpdir(), 'thox-boot-'));
let boot: ChildProcess;
let bootOutput = '';

function thox(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args, '--store', store], { cwd: ROOT }, (error, stdout, stderr) => {
      resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Sends raw bytes to the control socket and resolves with the first line answered. */
function raw(text: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath(store));
    let got = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      got += chunk;
      if (got.includes('\n')) {
        socket.destroy();
        resolve(JSON.parse(got.slice(0, got.indexOf('\n'))));
      }
    });
    socket.on('error', reject);
    socket.write(text);
  });
}

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 100));
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('the CLI is not built: run `npx tsc -p .` before this suite');
  boot = spawn(process.execPath, [CLI, 'boot', '--store', store], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  boot.stdout!.on('data', (chunk: Buffer) => {
    bootOutput += chunk.toString();
  });
  await until(() => bootOutput.includes('web: ready'));
}, 60_000);

afterAll(() => {
  if (boot.exitCode === null) boot.kill('SIGKILL');
  rmSync(store, { recursive: true, force: true });
});

describe('thox boot', () => {
  it('listens on a 0600 socket in a 0700 folder, and refuses a second boot on the same store', async () => {
    expect(statSync(socketPath(store)).mode & 0o777).toBe(0o600);
    expect(statSync(join(store, 'run')).mode & 0o777).toBe(0o700);
    const second = await thox('boot');
    expect(second.status).toBe(1);
    expect(second.stderr).toBe(`thox: a system is already running on the store ${store} (thox boot, pid ${boot.pid})\n`);
  });

  it('lists the services and processes, for people and as JSON', async () => {
    const list = await thox('svc', 'list');
    expect(list.stdout.split('\n')[0]).toMatch(/^NAME +TYPE +TARGET +STATE +PID$/);
    expect(list.stdout).toMatch(/^demo-web +notify +up +ready +\d+$/m);
    const json = JSON.parse((await thox('svc', 'list', '--json')).stdout);
    expect(json.find((s: { name: string }) => s.name === 'demo-setup')).toMatchObject({ type: 'oneshot', state: 'ready', pid: null });
    const ps = await thox('ps');
    expect(ps.stdout).toMatch(/^1 +0 +init +-$/m);
    expect(ps.stdout).toMatch(/^\d+ +1 +kvd\.lua +kv$/m);
  });

  it('stops (returning once the process is gone), starts, restarts and shows logs', async () => {
    const stop = await thox('svc', 'stop', 'demo-db', '--json');
    expect(JSON.parse(stop.stdout)).toMatchObject({ name: 'demo-db', target: 'down', state: 'inactive', pid: null });
    expect(JSON.parse((await thox('svc', 'status', 'demo-web', '--json')).stdout)).toMatchObject({ state: 'inactive' }); // it requires demo-db
    expect((await thox('svc', 'logs', 'demo-api', '-n', '1')).stdout).toBe('demo-api: api: stopping\n');
    await thox('svc', 'start', 'demo-web');
    await until(async () => JSON.parse((await thox('svc', 'status', 'demo-web', '--json')).stdout).state === 'ready');
    const before = JSON.parse((await thox('svc', 'status', 'kv', '--json')).stdout).pid;
    const restarted = JSON.parse((await thox('svc', 'restart', 'kv', '--json')).stdout);
    expect(['starting', 'ready']).toContain(restarted.state); // a new process (it may have bound its names already)
    expect(restarted.pid).toBeGreaterThan(before);
  });

  it('follows a log: the snapshot, then each new line as a notification', async () => {
    const socket = connect(socketPath(store));
    socket.setEncoding('utf8');
    let got = '';
    socket.on('data', (chunk: string) => {
      got += chunk;
    });
    socket.write('{"jsonrpc":"2.0","id":1,"method":"logs","params":{"name":"demo-cache","lines":1,"follow":true}}\n');
    await until(() => got.includes('\n'));
    expect(JSON.parse(got.split('\n')[0])).toMatchObject({ id: 1, result: [{ service: 'demo-cache', text: 'cache: ready' }] });
    await thox('svc', 'restart', 'demo-cache');
    await until(() => got.includes('cache: ready', got.indexOf('\n')));
    const notes = got
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => JSON.parse(l));
    expect(notes.map((n) => `${n.method} ${n.params.text}`)).toEqual(['log cache: stopping', 'log cache: starting', 'log cache: ready']);
    socket.destroy();
  });

  it('reloads the definitions: an added service of the booted target starts', async () => {
    const file = join(store, 'extra.lua');
    writeFileSync(file, "return { program = 'demo_step', args = { 'extra' }, type = 'notify' }\n");
    expect((await thox('store', 'put', 'services/extra.svc', file)).status).toBe(0);
    expect((await thox('svc', 'reload')).stdout).toBe('added: extra\nchanged: -\nremoved: -\n');
    await until(async () => JSON.parse((await thox('svc', 'status', 'extra', '--json')).stdout).state === 'ready');
  });

  it('gives services the system terminal, shown headless among the log, and the file system of systems/0', async () => {
    const program = join(store, 'painter.lua');
    writeFileSync(
      program,
      "local term = require('term') term.write('drawn by painter') term.setCursorPos(1, 2)\n" +
        "local f = assert(io.open('painted.txt', 'w')) f:write('painted') f:close()\n",
    );
    const definition = join(store, 'painter.svc.lua');
    writeFileSync(definition, "return { program = 'painter', type = 'oneshot' }\n");
    expect((await thox('store', 'put', 'programs/painter', program)).status).toBe(0);
    expect((await thox('store', 'put', 'services/painter.svc', definition)).status).toBe(0);
    expect((await thox('svc', 'reload')).stdout).toBe('added: painter\nchanged: -\nremoved: -\n');
    await until(async () => JSON.parse((await thox('svc', 'status', 'painter', '--json')).stdout).state === 'ready');
    await until(() => bootOutput.includes('drawn by painter'));
    expect(readFileSync(join(store, 'systems', '0', 'painted.txt'), 'utf8')).toBe('painted');
  });

  it('says clearly what is wrong: an unknown service, a bad request', async () => {
    expect(await thox('svc', 'status', 'nope')).toMatchObject({ status: 1, stderr: 'thox: no such service: nope\n' });
    expect(await raw('this is not json\n')).toMatchObject({ error: { code: -32700, message: 'not JSON' } });
    expect(await raw(`${'x'.repeat(1024 * 1024 + 10)}\n`)).toMatchObject({ error: { code: -32600, message: 'request too large (more than 1 MiB)' } });
    expect(await raw('{"jsonrpc":"2.0","id":7,"method":"explode"}\n')).toMatchObject({ id: 7, error: { message: 'no such method: explode' } });
    expect((await thox('svc', 'list')).status).toBe(0); // the system goes on
  });

  it('keeps the targets the user set, in order, in a 0600 file of the store', async () => {
    await thox('svc', 'stop', 'logger');
    const file = join(store, 'state', 'targets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved: Array<[string, string]> = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.at(-1)).toEqual(['logger', 'down']);
    expect(saved.map(([name]) => name)).toEqual(expect.arrayContaining(['demo-db', 'demo-web', 'kv']));
  });

  it('shuts down in order on SIGTERM, exits 0 and leaves no socket; then svc says no system runs', async () => {
    const exited = new Promise<number | null>((resolve) => boot.on('exit', (code) => resolve(code)));
    boot.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(bootOutput).toContain('init: shutting down');
    expect(bootOutput.indexOf('web: stopping')).toBeLessThan(bootOutput.indexOf('db: stopping'));
    expect(bootOutput.trimEnd().endsWith('init: all services stopped')).toBe(true);
    expect(existsSync(socketPath(store))).toBe(false);
    const after = await thox('svc', 'list');
    expect(after).toMatchObject({ status: 1, stderr: `thox: no system is running on the store ${store} (start one with: thox boot --store ${store})\n` });
  });

  it('restores those targets at the next boot', async () => {
    boot = spawn(process.execPath, [CLI, 'boot', '--store', store], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    bootOutput = '';
    boot.stdout!.on('data', (chunk: Buffer) => {
      bootOutput += chunk.toString();
    });
    await until(() => bootOutput.includes('web: ready') && existsSync(socketPath(store)));
    const states = Object.fromEntries(
      JSON.parse((await thox('svc', 'list', '--json')).stdout).map((s: { name: string; target: string; state: string }) => [s.name, `${s.target} ${s.state}`]),
    );
    expect(states).toMatchObject({ logger: 'down inactive', kv: 'up ready', 'demo-web': 'up ready' });
    const exited = new Promise((resolve) => boot.on('exit', resolve));
    boot.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});
