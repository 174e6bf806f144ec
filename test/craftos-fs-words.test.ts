// The craftos fs API where CC: Tweaked's words and order of checks differ from the devices' file system: listing a
// missing folder, opening a folder, read-only drives refused first by delete/move/copy, move's messages without a
// path, lines ending in "\r\n", empty reads, attributes' two time fields, and fs.complete's parent folder.
import { describe, expect, it } from 'vitest';
import { runCraftos, VMS } from './craftos-helpers.js';

const WIDE = { width: 120, height: 40 };

describe.each(VMS)('craftos fs in CC words (%s)', (vm) => {
  it('refuses with the messages CC gives, read-only drives first', async () => {
    const run = await runCraftos(
      `local function fails(f, ...) return select(2, pcall(f, ...)) end
       local h = fs.open('file', 'w') h.close() fs.makeDir('dir')
       print(fails(fs.list, 'missing'), fails(fs.list, 'file'))
       print(fs.open('dir', 'r'))
       print(fails(fs.delete, 'rom/nothing'))
       print(fails(fs.move, 'rom', 'rom/moved'), fails(fs.move, 'dir', 'rom/moved'), fails(fs.move, 'gone', 'x'))
       print(fails(fs.move, 'dir', 'dir/in'), fails(fs.move, 'dir', 'file'))
       print(fails(fs.copy, 'rom', 'rom/copy'), fails(fs.copy, 'dir', 'dir/in'))
       print(fs.isDriveRoot('rom/nothing'), fs.isDriveRoot('rom'), fs.isDriveRoot('rom/motd.txt'))`,
      { vm, termSize: WIDE },
    );
    expect(run.exit?.code).toBe(0);
    expect(run.rows.slice(0, 7)).toEqual([
      '/missing: No such file /file: Not a directory',
      'nil /dir: Not a file',
      '/rom/nothing: Access denied',
      'Access denied Access denied No such file',
      "Can't move a directory inside itself File exists",
      "/rom/copy: Access denied /dir: Can't copy a directory inside itself",
      'false true false',
    ]);
  });

  it('reads lines ending in \\r\\n, reads an empty file as "", and gives both modification times', async () => {
    const run = await runCraftos(
      `local h = fs.open('f', 'wb') h.write('one\\r\\ntwo\\nthree\\r!\\n') h.close()
       h = fs.open('f', 'r')
       print(h.readLine(), h.readLine(), h.readLine())
       h.close()
       h = fs.open('f', 'r')
       print(#h.readLine(true), #h.readLine(true), #h.readLine(true), h.readLine(true))
       h.close()
       h = fs.open('empty', 'w+') print(h.readAll() == '') h.close()
       local a = fs.attributes('f')
       print(a.modification == a.modified, type(a.modification))`,
      { vm, termSize: WIDE },
    );
    expect(run.exit?.code).toBe(0);
    expect(run.rows.slice(0, 4)).toEqual(['one two three\r!', '5 4 8 nil', 'true', 'true number']);
  });

  it('completes the parent folder from below the root, and checks its flags', async () => {
    const run = await runCraftos(
      `fs.makeDir('top/sub') fs.open('top/sub/a.txt', 'w').close()
       local opts = { include_files = true, include_dirs = false }
       print(table.concat(fs.complete('', 'top/sub', opts), ','))
       print(table.concat(fs.complete('.', 'top/sub', opts), ','))
       print(table.concat(fs.complete('top/sub/', '', opts), ','), #fs.complete('.', ''), #fs.complete('top/', '', true, true))
       print(pcall(fs.complete, '', '', 1))`,
      { vm, termSize: WIDE },
    );
    expect(run.exit?.code).toBe(0);
    expect(run.rows.slice(0, 4)).toEqual(['../,a.txt', './', 'a.txt 0 2', 'false bad argument #3 (boolean expected, got number)']);
  });
});
