// The host terminal forwarded to a contained run's worker (src/cli/contained-tty.ts), over a real message channel:
// raw mode is set on the main thread's stdin when the worker asks, its bytes arrive in the worker, and ending restores it.
import { EventEmitter } from 'node:events';
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { ForwardedTty, serveTty } from '../src/cli/contained-tty.js';
import { KeyDecoder } from '../src/devices/input.js';

/** A stand-in for process.stdin: records its modes and whether it is read. */
class FakeStdin extends EventEmitter {
  modes: boolean[] = [];
  reading = false;
  setRawMode(on: boolean): void {
    this.modes.push(on);
  }
  resume(): void {
    this.reading = true;
  }
  pause(): void {
    this.reading = false;
  }
}

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

/** Waits for the messages in flight to be delivered. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

function pair(): { stdin: FakeStdin; tty: ForwardedTty; end: () => void } {
  const channel = new MessageChannel();
  channels.push(channel);
  const stdin = new FakeStdin();
  const end = serveTty(channel.port1, stdin);
  return { stdin, tty: new ForwardedTty(channel.port2), end };
}

describe('the host terminal forwarded to a worker', () => {
  it('sets raw mode only when the worker asks, then forwards the bytes read, which decode as keys', async () => {
    const { stdin, tty } = pair();
    const chunks: Buffer[] = [];
    tty.on('data', (chunk: Buffer) => chunks.push(chunk));
    stdin.emit('data', Buffer.from('ignored'));
    await settle();
    expect(stdin.modes).toEqual([]);
    expect(stdin.listenerCount('data')).toBe(0);
    tty.setRawMode(true);
    await settle();
    expect(stdin.modes).toEqual([true]);
    expect(stdin.reading).toBe(true);
    stdin.emit('data', Buffer.from('a\x1b[A\x14', 'latin1'));
    await settle();
    expect(chunks.map((c) => c.toString('latin1'))).toEqual(['a\x1b[A\x14']);
    expect(new KeyDecoder().feed(chunks[0].toString('latin1')).map((e) => e.type)).toEqual(['key', 'char', 'key_up', 'key', 'key_up', 'terminate']);
  });

  it('goes back to cooked mode when the worker asks, or when the run ends without asking', async () => {
    const asked = pair();
    asked.tty.setRawMode(true);
    await settle();
    asked.tty.setRawMode(false);
    await settle();
    expect(asked.stdin.modes).toEqual([true, false]);
    expect(asked.stdin.reading).toBe(false);
    expect(asked.stdin.listenerCount('data')).toBe(0);
    asked.end();
    expect(asked.stdin.modes).toEqual([true, false]);

    const crashed = pair();
    crashed.tty.setRawMode(true);
    await settle();
    crashed.end();
    expect(crashed.stdin.modes).toEqual([true, false]);
    expect(crashed.stdin.listenerCount('data')).toBe(0);
  });
});
