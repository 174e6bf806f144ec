// Files survive SIGKILL whole: a `thox run` child rewrites files of random sizes in its system's tree and is
// killed with SIGKILL at random moments, many times; every file is then whole, the old or the new content.
// Needs the built CLI (`npx tsc -p .`), as test/cli.test.ts.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { systemFileSystem } from '../src/devices/fs-setup.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'bin', 'thox.js');
const KILLS = 12;
const FILES = 4;

/** Rewrites FILES files forever, each a whole record: a header with its round and length, a body, an end line. */
const WRITER = `
local fs = require 'fs'
local round = 0
print('started')
while true do
  round = round + 1
  for i = 1, ${FILES} do
    local body = string.rep(string.char(97 + (round + i) % 26), (round * 7919 + i * 104729) % 200000)
    local f = fs.open('f' .. i, 'w')
    f:write('BEGIN ' .. round .. ' ' .. #body .. '\\n')
    f:write(body)
    f:write('\\nEND\\n')
    f:close()
  end
end`;

/** Whether a file's content is one whole record. */
function whole(content: string): boolean {
  const m = /^BEGIN (\d+) (\d+)\n([a-z]*)\nEND\n$/.exec(content);
  return m !== null && m[3].length === Number(m[2]) && new Set(m[3]).size <= 1;
}

function runAndKill(store: string, program: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'run', '--store', store, '--disk-size', '4M', program], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), Math.random() * 400));
    child.on('error', reject);
    child.on('close', (_status, signal) => {
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`the writer ended by itself (${signal ?? _status}): ${stderr}`));
    });
  });
}

it.skipIf(!existsSync(join(ROOT, 'dist', 'cli', 'main.js')))(
  `files written through the fs context are whole after each of ${KILLS} SIGKILLs at random moments`,
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'thox-fs-kill-'));
    const store = join(dir, 'store');
    const program = join(dir, 'writer.lua');
    writeFileSync(program, WRITER);
    const tree = join(store, 'systems', '0');
    const rounds = new Set<string>();
    for (let k = 0; k < KILLS; k++) {
      await runAndKill(store, program);
      if (!existsSync(tree)) continue;
      for (const name of readdirSync(tree).filter((n) => /^f\d$/.test(n))) {
        const content = readFileSync(join(tree, name), 'latin1');
        expect(whole(content), `${name} after kill ${k + 1} holds ${content.length} bytes, not one whole record`).toBe(true);
        rounds.add(content.slice(0, 16));
      }
      // a fresh file system sees the files only, and deletes the killed writer's temporary file
      const fs = systemFileSystem({ storeDir: store, computerId: 0, capacity: 4 * 1024 * 1024, fsync: false });
      expect(
        fs
          .list('')
          .filter((n) => n !== 'rom')
          .every((n) => /^f\d$/.test(n)),
      ).toBe(true);
      expect(readdirSync(tree).filter((n) => !/^f\d$/.test(n))).toEqual([]);
    }
    expect(rounds.size).toBeGreaterThan(1); // the kills landed at different moments of the writing
  },
  120_000,
);
