// The 'heap' limit: the Lua memory all processes hold together (wasmoon's states share one wasm memory of at most
// 2 GiB). Past it an allocation is refused and its process killed with the reason, and a spawn is refused cleanly.
import { describe, expect, it } from 'vitest';
import { simulate } from '../src/testing.js';

const MiB = 1024 * 1024;
/** Each child holds about 12 MiB, under its own 16 MiB limit, then waits. */
const CHILD = `local t = {} for i = 1, 12 do t[i] = string.rep('x', 1024 * 1024) end print('holding') os.sleep(1)`;
/** Lua: fills the process with 1 KB strings in the global `held` until its Lua heap holds `kb` KB. */
const FILL = (kb: number) => `held = {} while collectgarbage('count') < ${kb} do held[#held + 1] = string.rep('x', 1000) end`;

describe('the heap limit on wasmoon', () => {
  it('children filling the shared heap are killed with its reason; the parent and later spawns go on', async () => {
    const main = `
      local kids = {}
      for i = 1, 8 do kids[i] = assert(os.run('child')) os.sleep(0.05) end
      for _, pid in ipairs(kids) do local _, kind, message = os.wait(pid) print(kind, message) end
      local again = assert(os.run('child'))
      print('again', (select(2, os.wait(again))))`;
    const sim = await simulate({ programs: { main, child: CHILD }, memoryLimit: 16 * MiB, limits: { heap: 64 * MiB } });
    const p = sim.spawn('main');
    sim.run();
    expect(sim.check()).toEqual([]);
    const lines = sim.output.stdout.split('\n');
    const held = lines.filter((l) => l === 'holding').length;
    const refused = lines.filter((l) => l.startsWith("killed\tout of memory: all processes together hold the engine's memory (limit 'heap'"));
    expect(held).toBeGreaterThanOrEqual(4 + 1); // four fit beside the parent, then the one started again
    expect(held).toBeLessThanOrEqual(5 + 1);
    expect(refused.length).toBe(8 - (held - 1));
    expect(sim.output.stdout).toContain('again\texited\n');
    expect(p.exit).toMatchObject({ kind: 'exited', code: 0 });
  });

  it('a spawn under a full heap is refused as a spawn error, and works again once memory is freed', async () => {
    const main = `${FILL(3900)}
      print(os.run('child'))
      held = nil collectgarbage()
      local pid = os.run('child')
      print(pid ~= nil, (select(2, os.wait(pid))))`;
    const sim = await simulate({ programs: { main: main, child: `print('child ran')` }, memoryLimit: 4 * MiB, limits: { heap: 4 * MiB } });
    const p = sim.spawn('main');
    sim.run();
    expect(sim.output.stdout).toMatch(
      /^nil\tnot enough memory: all processes together hold \d+ of the 4194304 bytes they may \(limit 'heap', see thox run --limit\)\nchild ran\ntrue\texited\n$/,
    );
    expect(p.exit).toMatchObject({ kind: 'exited', code: 0 });
  });

  it('an event pushed into a process past the heap (host work, never refused) kills it before its code goes on', async () => {
    const puller = `local big = ('x'):rep(6 * 1024 * 1024) os.queue({ type = 'big', data = big }) big = nil collectgarbage()
      os.sleep(0.5) local e = os.pull('big') os.write('pulled')`;
    const hog = `${FILL(11000)} print('holding') os.sleep(1) print('hog done')`;
    const sim = await simulate({ programs: { puller, hog }, memoryLimit: 16 * MiB, limits: { heap: 16 * MiB } });
    const p = sim.spawn('puller');
    const h = sim.spawn('hog');
    sim.run();
    expect(sim.output.stdout).toBe('holding\nhog done\n');
    expect(p.exit).toMatchObject({ kind: 'killed', message: expect.stringContaining("limit 'heap'") });
    expect(h.exit).toMatchObject({ kind: 'exited', code: 0 });
  });

  it('a first spawn under a heap too small for any process is a spawn error, not an abort', async () => {
    const sim = await simulate({ programs: { main: `print('ran')` }, limits: { heap: 100_000 } });
    expect(() => sim.spawn('main')).toThrow(/^not enough memory: all processes together hold 0 of the 100000 bytes they may \(limit 'heap'/);
  });
});
