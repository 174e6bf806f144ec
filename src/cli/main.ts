#!/usr/bin/env node
// The `thox` command line (commander): sub-commands, their options and help, and the mapping of
// failures to exit statuses. `thox run` is implemented in run.ts, `thox store` in store.ts.
import { StoreError } from '../store/index.js';
import { Command, CommanderError, Option } from 'commander';
import { TRACE_FORMATS } from '../kernel/trace.js';
import { VM_NAMES } from '../vm/vm.js';
import { parseChoice, parseInteger, parseSeconds, parseSize } from './options.js';
import { EXIT, RUN_DEFAULTS, runCommand, UsageError, type RunOptions } from './run.js';
import { addStoreCommand } from './store.js';

export function buildProgram(): Command {
  const program = new Command('thox')
    .description('A sandboxed Lua multitasking OS simulator: Lua programs run as preemptively scheduled processes.')
    .version('0.1.0')
    .enablePositionalOptions()
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('run')
    .description('run a Lua program as a process: a file, a program name, or runtime#name')
    .argument('<program>', 'a .lua file, a program in programs/, or runtime#program (e.g. compat#hello)')
    .argument('[args...]', 'arguments for the program (they reach it as ... and arg)')
    .addOption(new Option('--vm <engine>', 'Lua engine').argParser(parseChoice(VM_NAMES)).default('wasmoon'))
    .option('--runtime <name>', 'runtime prelude to run before the program (native, compat, ...)')
    .option('--quantum <instructions>', 'VM instructions per time slice', parseInteger(100, 100_000_000), RUN_DEFAULTS.quantum)
    .option('--deterministic', 'virtual clock, instruction-counted time, seeded choices', false)
    .option('--seed <n>', 'seed for random choices (implies seeded randomness)', parseInteger(0, 2 ** 32 - 1))
    .addOption(new Option('--policy <name>', 'scheduling policy').argParser(parseChoice(['round-robin', 'random'] as const)).default('round-robin'))
    .option('--trace <file>', 'write the scheduling trace to a file')
    .addOption(new Option('--trace-format <format>', 'trace format (default: from the file name: .jsonl, .json = chrome, else text)').argParser(parseChoice(TRACE_FORMATS)))
    .option('--memory-limit <size>', 'memory per process, e.g. 64M, 512K; 0 for none', parseSize, RUN_DEFAULTS.memoryLimit)
    .option('--timeout <seconds>', 'stop after this long (virtual seconds with --deterministic)', parseSeconds)
    .option('--debug', 'show JavaScript stack traces of internal errors', false)
    .option('--store <dir>', 'the user store directory (default: $THOX_STORE, else $XDG_DATA_HOME/thox, else ~/.local/share/thox)')
    .passThroughOptions()
    .addHelpText('after', `
Exit status: the program's own (os.exit(n), 0 when it returns); ${EXIT.error} when it raised an error;
${EXIT.usage} for a usage error; ${EXIT.deadlock} on deadlock; ${EXIT.timeout} on --timeout; ${EXIT.interrupted} when interrupted;
${EXIT.killed} when killed (out of memory, too long without yielding); ${EXIT.internal} for an internal error.

Examples:
  thox run hello
  thox run programs/demo/spinners.lua
  thox run compat#hello
  thox run --deterministic --seed 7 --trace out.trace three_counters`)
    .action(async (spec: string, args: string[], opts: RunOptions) => {
      process.exitCode = await runCommand(spec, args, opts);
    });

  addStoreCommand(program);
  return program;
}

async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? 0 : EXIT.usage;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`thox: ${e.message}\n`);
      return EXIT.usage;
    }
    if (e instanceof StoreError) {
      // a store that cannot be read (--store naming a file, a damaged folder): say so, not "internal error"
      process.stderr.write(`thox: store: ${e.message}\n`);
      return e.code === 'io' ? EXIT.error : EXIT.usage;
    }
    process.stderr.write(`thox: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (debug && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    else process.stderr.write('(run with --debug for details)\n');
    return EXIT.internal;
  }
}

// A reader that goes away (`thox run x | head`) ends the run quietly, as for any Unix filter.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(Number(process.exitCode ?? 0));
    throw e;
  });
}

// Exit explicitly once done: nothing else should keep the host alive (stdout and stderr to pipes,
// files and terminals are written synchronously on Linux, so nothing is lost).
const code = await main(process.argv);
await new Promise((resolve) => process.stdout.write('', resolve));
process.exit(code);
