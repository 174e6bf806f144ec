// The help program on both VMs: a text that fits is printed; a longer one opens a full-screen viewer with
// `Help: TOPIC` on the bottom row, scrolled by the arrow keys and left with q.
import { describe, expect, it } from 'vitest';
import { key, runCraftos, VMS } from './craftos-helpers.js';

describe.each(VMS)('craftos help viewer (%s)', (vm) => {
  it('prints a short text and shows a long one in the viewer', async () => {
    const run = await runCraftos(
      `local h = fs.open("/topics/long.txt", "w")
       for i = 1, 8 do h.writeLine("line " .. i) end
       h.close()
       h = fs.open("/topics/short.txt", "w") h.write("just this") h.close()
       help.setPath("/topics")
       shell.run("help short")
       os.pullEvent("key")
       shell.run("help long")
       print("back")`,
      { vm, termSize: { width: 20, height: 5 }, input: [key('enter'), key('down'), key('down'), key('q')] },
    );
    expect(run.exit?.code).toBe(0);
    expect(run.rows).toEqual(['back', '', '', '', '']);
  });

  it('draws the text with the topic on the bottom row, scrolled by the keys', async () => {
    const run = await runCraftos(
      `local h = fs.open("/topics/long.txt", "w")
       for i = 1, 8 do h.writeLine("line " .. i) end
       h.close()
       help.setPath("/topics")
       shell.run("help long")`,
      { vm, termSize: { width: 20, height: 5 }, input: [key('down'), key('down')], deadlineMs: 2000 },
    );
    expect(run.rows).toEqual(['line 3', 'line 4', 'line 5', 'line 6', 'Help: long']);
  });
});
