// `thox run` with the craftos runtime end to end: --runtime craftos FILE, cc#FILE, cc#NAME found as CC's shell finds
// it (the system's folders, then /rom/programs), `thox run cc` booting the shell (startup.lua first), --exit-on-shutdown.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { thoxSync } from './thox-sync.js';

const DIR = mkdtempSync(join(tmpdir(), 'thox-craftos-cli-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

describe('thox run with the craftos runtime', () => {
  it('--runtime craftos FILE shows the terminal as lines; shutdown gives its code only with --exit-on-shutdown', () => {
    const store = join(DIR, 'a');
    const plain = thoxSync(store, ['run', '--headless', '--runtime', 'craftos', 'test/lua/craftos/args.lua', '7', 'x']);
    expect(plain.stdout).toBe('args 7 x\nCraftOS 1.9\n');
    expect(plain.status).toBe(0);
    const coded = thoxSync(store, ['run', '--headless', '--exit-on-shutdown', 'cc#test/lua/craftos/args.lua', '7']);
    expect(coded.stdout).toBe('args 7\nCraftOS 1.9\n');
    expect(coded.status).toBe(7);
  });

  it("shows an uncaught error on the terminal, as CC's printError, and ends with status 1", () => {
    const r = thoxSync(join(DIR, 'b'), ['run', '--headless', '--runtime', 'craftos', 'test/lua/craftos/boom.lua']);
    expect(r.stdout).toBe('before\nboom.lua:3: boom\n');
    expect(r.status).toBe(1);
  });

  it('cc#NAME finds a program in the system\'s file system; an unknown one is "No such program", status 127', () => {
    const store = join(DIR, 'c');
    mkdirSync(join(store, 'systems', '0'), { recursive: true });
    writeFileSync(join(store, 'systems', '0', 'greet.lua'), 'print("hi from the file system")');
    const found = thoxSync(store, ['run', '--headless', 'cc#greet']);
    expect(found.stdout).toBe('hi from the file system\n');
    writeFileSync(join(store, 'systems', '0', 'fails.lua'), 'error("broke", 0)');
    const failing = thoxSync(store, ['run', '--headless', 'cc#fails']);
    expect(failing.stdout).toBe('broke\n');
    expect(failing.status).toBe(1);
    const listed = thoxSync(store, ['run', '--headless', 'cc#list', '/']);
    expect(listed.stdout).toBe('rom\nfails.lua greet.lua\n');
    const missing = thoxSync(store, ['run', '--headless', 'cc#nothing-here']);
    expect(missing.stdout).toBe('No such program\n');
    expect(missing.status).toBe(127);
  });

  it("cc#NAME is the runtime's program even where thox has a stored program of that name (compat#NAME is thox's)", () => {
    const store = join(DIR, 'e');
    mkdirSync(join(store, 'systems', '0'), { recursive: true });
    writeFileSync(join(store, 'systems', '0', 'hello.lua'), 'print("hello from CraftOS")');
    const cc = thoxSync(store, ['run', '--headless', 'cc#hello']);
    expect(cc.stdout).toBe('hello from CraftOS\n');
    expect(cc.status).toBe(0);
    const compat = thoxSync(store, ['run', 'compat#hello']);
    expect(compat.stdout).toMatch(/^Hello, world! \(pid 1, Lua 5\.4\)\n$/);
  });

  it('thox run cc boots the shell: startup.lua first, then a prompt running programs by name with arguments', () => {
    const store = join(DIR, 'd');
    const system = join(store, 'systems', '0');
    mkdirSync(join(system, 'bin'), { recursive: true });
    writeFileSync(join(system, 'startup.lua'), 'print("starting up")');
    writeFileSync(join(system, 'bin', 'echo.lua'), 'print(table.concat({ ... }, "+"))');
    const script = join(DIR, 'input.txt');
    writeFileSync(script, 'char "cd bin"\nkey enter\nchar "echo a b"\nkey enter\nchar "exit"\nkey enter\n');
    const r = thoxSync(store, ['run', '--headless', '--input', script, 'cc']);
    expect(r.stdout).toBe('CraftOS 1.9\nstarting up\n> cd bin\nbin> echo a b\na+b\nbin> exit\n');
    expect(r.status).toBe(0);
  });
});
