// The CLI's one error model: the table of `thox` exit statuses, the error a command throws to end with
// one of them, and how any error that reaches the top (a command's, the store's, commander's) is reported.
import { CommanderError } from 'commander';
import { NameRefusal, StoreError } from '../store/index.js';

/** Exit statuses of `thox` besides a program's own (`os.exit(n)`). */
export const EXIT = {
  ok: 0,
  error: 1,
  usage: 2,
  deadlock: 3,
  internal: 70,
  timeout: 124,
  interrupted: 130,
  killed: 137,
  terminated: 143,
} as const;

/** The signals that stop a run early (its trace is still written): the kill reason, the message, the status. */
export const STOP_SIGNALS = [
  { name: 'SIGINT', reason: 'interrupted', message: 'interrupted', status: EXIT.interrupted },
  { name: 'SIGTERM', reason: 'terminated', message: 'terminated (SIGTERM)', status: EXIT.terminated },
] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** A failure shown as one line `thox: MESSAGE` that ends the command with `status`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A command line the CLI cannot act on (status 2). */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.usage);
    this.name = 'UsageError';
  }
}

/** Store refusals that are the caller's mistake (a bad namespace, name or argument): usage errors. */
const STORE_USAGE_CODES: ReadonlySet<StoreError['code']> = new Set(['bad-name', 'bad-namespace', 'bad-argument']);

/** Writes `thox: MESSAGE` to standard error and returns `status`. */
export function fail(message: string, status: number): number {
  process.stderr.write(`thox: ${message}\n`);
  return status;
}

/** Reports an error that ended a command and returns the exit status for it. */
export function report(e: unknown, debug: boolean): number {
  if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage; // commander has said it
  if (e instanceof CliError) return fail(e.message, e.status);
  if (e instanceof NameRefusal) return fail(e.messageShowing(typed), EXIT.usage);
  if (e instanceof StoreError) return fail(e.message, STORE_USAGE_CODES.has(e.code) ? EXIT.usage : EXIT.error);
  fail(`internal error: ${e instanceof Error ? e.message : String(e)}`, EXIT.internal);
  process.stderr.write(debug && e instanceof Error ? `${e.stack}\n` : '(run with --debug for details)\n');
  return EXIT.internal;
}

/** Text the user typed, as typed, with control, format and lone surrogate characters escaped, long text cut. */
export function typed(s: string): string {
  const shown = s.length > 80 ? `${s.slice(0, 77)}...` : s;
  return shown.replace(/[\p{Cc}\p{Cf}\p{Cs}]/gu, (c) => {
    const code = c.codePointAt(0) ?? 0;
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}
