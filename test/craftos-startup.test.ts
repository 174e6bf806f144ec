// Startup as CC's (rom/startup.lua, run by the top-level shell): /rom/autorun first, then the startup files of the
// first disk that has some (shell.allow_disk_startup), else the computer's own (shell.allow_startup).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lines, runCraftos, VMS } from './craftos-helpers.js';
import { thoxSync } from './thox-sync.js';

const DIR = mkdtempSync(join(tmpdir(), 'thox-craftos-startup-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

/** Setup code writing the files `files` (path → text). */
function files(of: Record<string, string>): string {
  return Object.entries(of)
    .map(([path, text]) => `do local h = fs.open(${JSON.stringify(path)}, 'w') h.write(${JSON.stringify(text)}) h.close() end`)
    .join('\n');
}

/** Setup code putting disk 3 into the drive on the left (the disk mounts at /disk). */
const INSERT_DISK = "peripheral.call('left', 'insertDisk', 3) os.pullEvent('disk')";

const OWN = files({
  'startup.lua': 'print("own startup.lua")',
  'startup/b.lua': 'print("own b")',
  'startup/a one.lua': 'print("own a")',
});

describe.each(VMS)('startup on %s', (vm) => {
  it('runs startup.lua, then each file of startup/ in name order, at the top level only', async () => {
    const r = await runCraftos(OWN, { vm, boot: true, input: lines('shell', 'exit') });
    expect(r.rows.slice(0, 7)).toEqual(['CraftOS 1.9', 'own startup.lua', 'own a', 'own b', '> shell', 'CraftOS 1.9', '> exit']);
  });

  it("a disk's startup files run instead of the computer's", async () => {
    const setup = `${OWN} ${INSERT_DISK} ${files({ 'disk/startup': 'print("disk startup", shell.getRunningProgram())' })}`;
    const r = await runCraftos(setup, { vm, boot: true, peripherals: { left: 'drive' } });
    expect(r.rows.slice(0, 3)).toEqual(['CraftOS 1.9', 'disk startup disk/startup', '>']);
  });

  it('/rom/autorun runs first, each file in name order (thox run cc)', () => {
    const auto = join(DIR, `autorun-${vm}`);
    mkdirSync(auto);
    writeFileSync(join(auto, 'z.lua'), 'print("autorun z")');
    writeFileSync(join(auto, 'a.lua'), 'print("autorun a")');
    const store = join(DIR, `store-${vm}`);
    mkdirSync(join(store, 'systems', '0'), { recursive: true });
    writeFileSync(join(store, 'systems', '0', 'startup.lua'), 'print("startup") os.shutdown()');
    const r = thoxSync(store, ['run', '--vm', vm, '--headless', '--mount-ro', `rom/autorun=${auto}`, 'cc']);
    expect(r.stdout).toBe('CraftOS 1.9\nautorun a\nautorun z\nstartup\n');
    expect(r.status).toBe(0);
  });
});

/** A startup file counting boots in /boots: the first sets a global, a label and red text, then reboots. */
const REBOOTING = `
local n = 0
if fs.exists('boots') then local h = fs.open('boots', 'r') n = tonumber(h.readAll()) h.close() end
n = n + 1
local h = fs.open('boots', 'w') h.write(tostring(n)) h.close()
print('boot', n, os.getComputerLabel(), _G.marker, term.getTextColour(), os.clock() < 0.5)
sleep(1)
if n == 1 then _G.marker = 'kept' os.setComputerLabel('box') term.setTextColour(colours.red) os.reboot() end
os.shutdown(n)`;

describe.each(VMS)('os.reboot under thox run on %s', (vm) => {
  it('starts a fresh process: globals and the terminal reset, files and the label kept, startup runs again', () => {
    const store = join(DIR, `reboot-${vm}`);
    mkdirSync(join(store, 'systems', '0'), { recursive: true });
    writeFileSync(join(store, 'systems', '0', 'startup.lua'), REBOOTING);
    const r = thoxSync(store, ['run', '--vm', vm, '--headless', '--deterministic', '--exit-on-shutdown', 'cc']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('CraftOS 1.9\nboot 1 nil nil 1 true\nboot 2 box nil 1 true\n');
    expect(r.status).toBe(2);
  });
});

describe('os.reboot with --computers', () => {
  it('starts a fresh process on the computer that asked, the others going on', () => {
    const program = join(DIR, 'reboot-once.lua');
    writeFileSync(
      program,
      "if not fs.exists('flag') then fs.open('flag', 'w').close() _G.marker = 'old' os.reboot() end\nprint('rebooted', os.getComputerID(), _G.marker)",
    );
    const r = thoxSync(join(DIR, 'computers'), ['run', '--headless', '--deterministic', '--computers', '2', '--runtime', 'craftos', program]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('rebooted 0 nil\n[computer 1] rebooted 1 nil\n');
    expect(r.status).toBe(0);
  });
});

describe('startup settings', () => {
  it('shell.allow_disk_startup false skips the disk; shell.allow_startup false skips the computer', async () => {
    const disk = `${OWN} ${INSERT_DISK} ${files({ 'disk/startup.lua': 'print("disk startup")' })}`;
    const noDisk = await runCraftos(`${disk} settings.set('shell.allow_disk_startup', false) settings.save()`, {
      boot: true,
      peripherals: { left: 'drive' },
    });
    expect(noDisk.rows.slice(0, 4)).toEqual(['CraftOS 1.9', 'own startup.lua', 'own a', 'own b']);
    const none = await runCraftos(`${OWN} settings.set('shell.allow_startup', false) settings.save()`, { boot: true });
    expect(none.rows.slice(0, 2)).toEqual(['CraftOS 1.9', '>']);
    const described = await runCraftos('', { boot: true, input: lines('set shell.allow_disk_startup') });
    expect(described.rows.slice(2, 4)).toEqual(['shell.allow_disk_startup is true', 'Run startup files from disks in drives when the']);
  });

  it('where no host restarts the computer (simulate), os.reboot runs the program again in the same process', async () => {
    const r = await runCraftos(REBOOTING, { exitOnShutdown: true });
    expect(r.rows.slice(0, 1)).toEqual(['boot 2 box kept 1 false']);
    expect(r.exit?.code).toBe(2);
  });

  it('a disk with only a startup/ folder counts; its files run in order', async () => {
    const setup = `${OWN} ${INSERT_DISK} ${files({ 'disk/startup/2.lua': 'print("disk 2")', 'disk/startup/1.lua': 'print("disk 1")' })}`;
    const r = await runCraftos(setup, { boot: true, peripherals: { left: 'drive' } });
    expect(r.rows.slice(0, 4)).toEqual(['CraftOS 1.9', 'disk 1', 'disk 2', '>']);
  });
});
