#!/usr/bin/env node
// The `thox` command line (commander): sub-commands, their options and help. `thox run` is implemented
// in run.ts, `thox store` in store.ts; whatever error ends a command is reported by errors.ts.
import { Command, Option } from 'commander';
import { TRACE_FORMATS } from '../kernel/trace.js';
import { VM_NAMES } from '../vm/vm.js';
import { EXIT, report, typed } from './errors.js';
import {
  parseDiskSize,
  parseInteger,
  parseEnv,
  parseMount,
  parsePath,
  parseSeconds,
  parseSize,
  storeOption,
  limitOption,
  parseTermSize,
  parseLabel,
  parsePeripheral,
} from './options.js';
import { PERIPHERAL_TYPES } from '../devices/peripherals/registry.js';
import { MAX_QUANTUM, RUN_DEFAULTS, runCommand, type RunOptions } from './run.js';
import { addStoreCommand } from './store.js';
import { DEFAULT_CAPACITY } from '../devices/filesystem.js';
import { bootCommand, type BootOptions } from './boot.js';
import { addSvcCommands } from './svc.js';
import { shellCommand, type ShellOptions } from './shell.js';
import { SHELLS } from '../tui/session-host.js';

const MAX_SEED = 2 ** 32 - 1;

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
    .addOption(new Option('--vm <engine>', 'Lua engine').choices(VM_NAMES).default('wasmoon'))
    .option('--runtime <name>', 'runtime prelude to run before the program (native, compat, ...)')
    .option('--quantum <instructions>', `VM instructions per time slice, 100 to ${MAX_QUANTUM}`, parseInteger(100, MAX_QUANTUM), RUN_DEFAULTS.quantum)
    .option('--deterministic', 'virtual clock, instruction-counted time, seeded choices', false)
    .option('--seed <n>', `seed for random choices (implies seeded randomness), 0 to ${MAX_SEED}`, parseInteger(0, MAX_SEED))
    .addOption(new Option('--policy <name>', 'scheduling policy').choices(['round-robin', 'random'] as const).default('round-robin'))
    .option('--trace <file>', 'write the scheduling trace to a file (of every computer with --computers)', parsePath)
    .addOption(
      new Option('--trace-format <format>', 'trace format; without it, from the file name: .jsonl is jsonl, .json chrome, else text').choices(TRACE_FORMATS),
    )
    .addOption(
      new Option('--memory-limit <size>', 'memory per process, e.g. 64M, 512K, 256K to 2G; 0 for none')
        .argParser(parseSize)
        .default(RUN_DEFAULTS.memoryLimit, '64M'),
    )
    .addOption(limitOption())
    .option('--timeout <seconds>', 'stop after this long (virtual seconds with --deterministic)', parseSeconds)
    .option('--debug', 'show JavaScript stack traces of internal errors', false)
    .addOption(storeOption())
    .option('--headless', 'show the terminal as plain text lines on stdout (the default when stdout is not a terminal)')
    .option('--term-size <WxH>', "the terminal size in cells (default: the host terminal's, following its resizes; 51x19 headless)", parseTermSize)
    .option(
      '--dump-screen <file>',
      "write the terminal's last frame to a file at the end: text, ANSI for .ans, HTML for .html (each monitor's to FILE.monitor-SIDE)",
      parsePath,
    )
    .option('--computer-id <n>', 'which system to be: its file system is systems/<n> in the store', parseInteger(0, 2 ** 31 - 1), 0)
    .option('--env <name=value>', "set a variable of the program's environment (os.getenv), repeatable", parseEnv)
    .option('--mount <path=hostdir>', 'mount a host folder at a path of the file system, repeatable', parseMount)
    .option('--mount-ro <path=hostdir>', 'mount a host folder read-only, repeatable', parseMount)
    .option('--label <name>', "the computer's label (repeatable: the labels of computers 0, 1, ... with --computers)", parseLabel)
    .option('--computers <n>', 'run the program on n computers at once (ids from --computer-id on), talking over modems', parseInteger(1, 16), 1)
    .option('--show <id>', 'with --computers, the computer whose terminal is shown and gets the input (default: the first)', parseInteger(0, 2 ** 31 - 1))
    .option('--peripheral <side=type>', `attach a peripheral to every computer, repeatable (${[...PERIPHERAL_TYPES.keys()].join(', ')})`, parsePeripheral)
    .option('--exit-on-shutdown', "a runtime's shutdown(code) (craftos: os.shutdown) sets the exit status")
    .option('--input <file>', 'feed input events from a script (char, key, paste, mouse_click, resize, terminate, sleep ...)', parsePath)
    .addOption(new Option('--disk-size <size>', "the system's file system capacity, 4K to 1G").argParser(parseDiskSize).default(DEFAULT_CAPACITY, '1M'))
    .passThroughOptions()
    .addHelpText(
      'after',
      `
Exit status: the program's own (os.exit(n), 0 when it returns); ${EXIT.error} when it raised an error;
${EXIT.usage} for a usage error; ${EXIT.deadlock} on deadlock; ${EXIT.timeout} on --timeout; ${EXIT.interrupted} when interrupted (SIGINT);
${EXIT.terminated} on SIGTERM; ${EXIT.killed} when killed (out of memory, too long without yielding); ${EXIT.internal} for an internal error.

Examples:
  thox run hello
  thox run programs/demo/spinners.lua
  thox run compat#hello
  thox run --deterministic --seed 7 --trace out.trace three_counters
  thox run --mount disk=./files --mount-ro docs=./docs --disk-size 4M myprog`,
    )
    .action(async (spec: string, args: string[], opts: RunOptions) => {
      process.exitCode = await runCommand(spec, args, opts);
    });

  addStoreCommand(program);
  program
    .command('boot')
    .description('start the system headless: init, the services of a target, a control socket for thox svc; stops on SIGINT/SIGTERM')
    .addOption(new Option('--vm <engine>', 'Lua engine').choices(VM_NAMES).default('wasmoon'))
    .option('--target <name>', 'the target whose services start', 'default')
    .addOption(storeOption())
    .action(async (opts: BootOptions) => {
      process.exitCode = await bootCommand(opts);
    });
  addSvcCommands(program);
  program
    .command('shell')
    .description('boot the system and use it in a terminal UI: sessions running a shell, processes, services and log (docs/tui.md)')
    .addOption(new Option('--shell <name>', 'the shell each session runs').choices(SHELLS).default('sh'))
    .addOption(new Option('--vm <engine>', 'Lua engine').choices(VM_NAMES).default('wasmoon'))
    .option('--target <name>', 'the target whose services start', 'default')
    .option('--term-size <WxH>', "each session's terminal size in cells (default 51x19)", parseTermSize)
    .option('--mount <path=hostdir>', 'mount a host folder at a path of the file system, repeatable', parseMount)
    .option('--mount-ro <path=hostdir>', 'mount a host folder read-only, repeatable', parseMount)
    .addOption(new Option('--disk-size <size>', "the system's file system capacity, 4K to 1G").argParser(parseDiskSize).default(DEFAULT_CAPACITY, '1M'))
    .option('--peripheral <side=type>', `attach a peripheral, repeatable (${[...PERIPHERAL_TYPES.keys()].join(', ')})`, parsePeripheral)
    .addOption(storeOption())
    .action(async (opts: ShellOptions) => {
      process.exitCode = await shellCommand(opts);
    });
  addHelpCommand(program);
  return program;
}

/** `thox help [command...]`: commander's own shows the general help for a command it does not know. */
function addHelpCommand(program: Command): void {
  program.helpCommand(false);
  program
    .command('help')
    .description('display help for command')
    .argument('[command...]', 'a command, or a command and its sub-command (thox help store put)')
    .action((names: string[]) => {
      let command = program;
      for (const name of names) {
        const sub = command.commands.find((c) => c.name() === name || c.aliases().includes(name));
        if (!sub) return command.error(`error: unknown command '${typed(name)}'`, { exitCode: EXIT.usage, code: 'commander.unknownCommand' });
        command = sub;
      }
      command.help();
    });
}

async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return Number(process.exitCode ?? EXIT.ok);
  } catch (e) {
    return report(e, argv.includes('--debug'));
  }
}

// A reader that goes away (`thox run x | head`) ends the run quietly, as for any Unix filter.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(Number(process.exitCode ?? EXIT.ok));
    throw e;
  });
}

// Exit explicitly once done: nothing else should keep the host alive (stdout and stderr to pipes,
// files and terminals are written synchronously on Linux, so nothing is lost).
const code = await main(process.argv);
await new Promise((resolve) => process.stdout.write('', resolve));
process.exit(code);
