// The control protocol between `thox boot` and `thox svc`/`thox ps`: JSON-RPC 2.0, one JSON object per line,
// over a Unix socket (0600) in the store's runtime folder (0700); at most 1 MiB a message.
import { join } from 'node:path';

export const MAX_MESSAGE_BYTES = 1024 * 1024;

/** JSON-RPC error codes: the protocol's own, and 1 for a command init refused (no such service...). */
export const RPC_ERRORS = { parse: -32700, invalidRequest: -32600, methodNotFound: -32601, invalidParams: -32602, refused: 1 } as const;

export const METHODS = ['system', 'list', 'status', 'start', 'stop', 'restart', 'reset', 'reload', 'logs', 'ps'] as const;
export type Method = (typeof METHODS)[number];

export interface Request {
  jsonrpc: '2.0';
  id: number | string;
  method: string;
  params?: Record<string, unknown>;
}

/** The runtime folder of a booted system: under the store directory, private to its user. */
export function runtimeDirectory(storeDir: string): string {
  return join(storeDir, 'run');
}

export function socketPath(storeDir: string): string {
  return join(runtimeDirectory(storeDir), 'control.sock');
}

/**
 * Cuts a stream of text (decoded UTF-8) into lines (messages); a line past MAX_MESSAGE_BYTES bytes of UTF-8 is
 * refused and the rest of it skipped.
 */
export class MessageReader {
  private buffer = '';
  /** The UTF-8 size of `buffer`, kept as it grows (measuring it again at each chunk would be quadratic). */
  private bufferBytes = 0;
  private skipping = false;

  constructor(
    private readonly onMessage: (text: string) => void,
    private readonly onTooLarge: () => void,
  ) {}

  feed(chunk: string): void {
    let text = chunk;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n')) {
      const head = text.slice(0, nl);
      const line = this.buffer + head;
      const bytes = this.bufferBytes + Buffer.byteLength(head, 'utf8');
      text = text.slice(nl + 1);
      this.buffer = '';
      this.bufferBytes = 0;
      if (this.skipping) this.skipping = false;
      else if (bytes > MAX_MESSAGE_BYTES) this.onTooLarge();
      else if (line.trim() !== '') this.onMessage(line);
    }
    if (this.skipping) return;
    this.buffer += text;
    this.bufferBytes += Buffer.byteLength(text, 'utf8');
    if (this.bufferBytes > MAX_MESSAGE_BYTES) {
      this.buffer = '';
      this.bufferBytes = 0;
      this.skipping = true;
      this.onTooLarge();
    }
  }
}
