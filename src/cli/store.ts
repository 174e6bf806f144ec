// `thox store`: lists, shows, writes and deletes store entries (ls, cat, put, rm, path), with the
// layer each entry comes from. Failures are thrown (errors.ts reports them and picks the exit status).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { NAMESPACES, openStore, parseEntryRef, type EntryInfo, type Store } from '../store/index.js';
import { CliError, EXIT, typed, UsageError } from './errors.js';
import { storeOption } from './options.js';

/** Adds `thox store` and its sub-commands to the program. */
export function addStoreCommand(program: Command): void {
  const store = program
    .command('store')
    .description('list, show, write and delete entries of the store (programs, libraries, runtimes, services, data)')
    .addOption(storeOption())
    .addHelpText(
      'after',
      `
Entries are NAMESPACE/NAME; namespaces: ${NAMESPACES.join(', ')}.
Names are 1-64 letters, digits, '_', '-' and '.' (not first), no '/' or '..'; in programs,
libraries, runtimes and services a trailing .lua is optional. Changes go to the user layer,
which shadows the read-only factory layer (the content shipped with thox).

Exit status: ${EXIT.ok} on success; ${EXIT.error} for a missing entry, a read-only (factory) entry or a store
that cannot be read or written; ${EXIT.usage} for a usage error (bad namespace or name, unreadable FILE).

Examples:
  thox store ls
  thox store ls programs
  thox store cat programs/hello
  thox store put programs/hello my-hello.lua   # now \`thox run hello\` runs it
  echo 'return { x = 1 }' | thox store put libraries/conf -
  thox store rm programs/hello                 # the factory hello is visible again
  thox store --store /tmp/s ls                 # or: thox store ls --store /tmp/s
  thox store path`,
    );

  store
    .command('ls')
    .description('list entries (all namespaces, or one) with their size and layer')
    .argument('[namespace]', `one of ${NAMESPACES.join(', ')}`)
    .addOption(storeOption())
    .action(
      action((s, namespace?: string) => {
        process.stdout.write(table(s.list(namespace)));
      }),
    );

  store
    .command('cat')
    .description("write an entry's bytes to standard output")
    .argument('<entry>', 'NAMESPACE/NAME, e.g. programs/hello')
    .addOption(storeOption())
    .action(
      action((s, ref: string) => {
        const { namespace, name } = parseEntryRef(ref);
        const found = s.find(namespace, name);
        if (found === null) throw new CliError(`no entry ${namespace}/${name} in the store`, EXIT.error);
        process.stdout.write(Buffer.from(found.value, 'latin1'));
      }),
    );

  store
    .command('put')
    .description('create or replace an entry in the user layer from a file (- for standard input)')
    .argument('<entry>', 'NAMESPACE/NAME, e.g. programs/hello')
    .argument('<file>', 'the file to store, or - for standard input')
    .addOption(storeOption())
    .action(
      action(async (s, ref: string, file: string) => {
        const { namespace, name } = parseEntryRef(ref);
        const bytes = file === '-' ? await readStdin() : readFile(file);
        const info = s.put(namespace, name, bytes.toString('latin1'));
        if (info.layer === 'user (shadows factory)') note(`${namespace}/${name} now shadows the factory entry`);
      }),
    );

  store
    .command('rm')
    .description('delete an entry from the user layer (factory entries are read-only)')
    .argument('<entry>', 'NAMESPACE/NAME, e.g. programs/hello')
    .addOption(storeOption())
    .action(
      action((s, ref: string) => {
        const { namespace, name } = parseEntryRef(ref);
        if (s.remove(namespace, name) !== null) note(`the factory ${namespace}/${name} is visible again`);
      }),
    );

  store
    .command('path')
    .description('print the user store directory (it is created on the first write)')
    .addOption(storeOption())
    .action(
      action((s) => {
        process.stdout.write(`${s.location}\n`);
      }),
    );
}

type Handler<A extends unknown[]> = (store: Store, ...args: A) => void | Promise<void>;

/** Wraps a sub-command: opens the store from --store (checked like `thox run --store`), then runs it. */
function action<A extends unknown[]>(handler: Handler<A>) {
  return async (...params: unknown[]): Promise<void> => {
    const command = params[params.length - 1] as Command;
    const { store: dir } = command.optsWithGlobals<{ store?: string }>();
    const args = params.slice(0, -2) as A;
    await handler(openStore({ dir }), ...args);
  };
}

function readFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new UsageError(`cannot read '${typed(file)}': ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** NAMESPACE NAME SIZE LAYER, aligned, with a header. */
export function table(entries: EntryInfo[]): string {
  const rows = [['NAMESPACE', 'NAME', 'SIZE', 'LAYER'], ...entries.map((e) => [e.namespace, e.name, String(e.size), e.layer])];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => `${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2].padStart(widths[2])}  ${r[3]}\n`).join('');
}

function note(message: string): void {
  process.stderr.write(`thox: ${message}\n`);
}
