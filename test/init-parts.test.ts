// The parts of init that need no kernel: the backoff series and its reset, the start history's window,
// the restart policy, the log ring (keeps the newest) and the line splitter.
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF } from '../src/init/definitions.js';
import { LineSplitter, LogRing } from '../src/init/log-ring.js';
import { BackoffDelay, StartHistory, wantsRestart } from '../src/init/restart.js';

describe('restarts', () => {
  it('doubles the delay up to the cap, and starts again after a stable run', () => {
    const b = new BackoffDelay(DEFAULT_BACKOFF);
    expect([0, 0, 0, 0, 0, 0, 0, 0].map(() => b.take(1))).toEqual([0.5, 1, 2, 4, 8, 16, 30, 30]);
    expect(b.take(29.9)).toBe(30);
    expect(b.take(30)).toBe(0.5);
    expect(b.take(0)).toBe(1);
    b.reset();
    expect(b.take(0)).toBe(0.5);
  });

  it('counts the starts within the interval only', () => {
    const h = new StartHistory({ burst: 3, interval: 10 });
    for (const t of [0, 1000, 2000]) h.record(t);
    expect(h.exhausted(9999)).toBe(true);
    expect(h.exhausted(10_000)).toBe(false); // the start at 0 left the window
    h.record(10_000);
    expect(h.exhausted(10_000)).toBe(true);
    h.clear();
    expect(h.exhausted(10_000)).toBe(false);
  });

  it('restarts by policy and exit code', () => {
    const ok = { code: 0, kind: 'exited' as const };
    const failed = { code: 1, kind: 'error' as const };
    expect([wantsRestart('no', failed), wantsRestart('on-failure', ok), wantsRestart('on-failure', failed), wantsRestart('always', ok)]).toEqual([
      false,
      false,
      true,
      true,
    ]);
  });
});

describe('logs', () => {
  it('keeps the newest lines and tells followers', () => {
    const ring = new LogRing(3);
    const heard: string[] = [];
    const stop = ring.follow((e) => heard.push(e.text));
    for (const text of ['1', '2', '3', '4']) ring.push({ t: 0, service: 's', stream: 'stdout', text });
    stop();
    ring.push({ t: 0, service: 's', stream: 'stdout', text: '5' });
    expect(ring.snapshot().map((e) => e.text)).toEqual(['3', '4', '5']);
    expect(ring.snapshot(2).map((e) => e.text)).toEqual(['4', '5']);
    expect(ring.snapshot(0)).toEqual([]);
    expect(ring.dropped).toBe(2);
    expect(heard).toEqual(['1', '2', '3', '4']);
  });

  it('keeps the newest lines when it shrinks', () => {
    const ring = new LogRing(4);
    for (const text of ['1', '2', '3', '4']) ring.push({ t: 0, service: 's', stream: 'stdout', text });
    ring.resize(2);
    expect(ring.snapshot().map((e) => e.text)).toEqual(['3', '4']);
    expect(ring.dropped).toBe(2);
  });

  it('cuts output into lines per writer, holding an unfinished line', () => {
    const s = new LineSplitter();
    expect(s.split('a', 'one\ntw')).toEqual(['one']);
    expect(s.split('b', 'x\n')).toEqual(['x']);
    expect(s.split('a', 'o\nthree\n')).toEqual(['two', 'three']);
  });
});
