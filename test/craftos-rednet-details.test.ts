// rednet and gps details on both VMs: the repeat program relays each message once on every modem; rednet forgets
// the ids of past messages by a timer (none left running); gps.locate takes two hosts at one place as one.
import { describe, expect, it } from 'vitest';
import { runCraftos, VMS } from './craftos-helpers.js';

const WIDE = { width: 120, height: 40 };

describe.each(VMS)('craftos rednet details (%s)', (vm) => {
  it('repeat relays a message heard on the repeat channel once, on every modem', async () => {
    const run = await runCraftos(
      `local sent = {}
       local packet = { nMessageID = 42, nRecipient = 65503, message = "hi" }
       local events = { { "modem_message", "left", rednet.CHANNEL_REPEAT, 7, packet },
         { "modem_message", "right", rednet.CHANNEL_REPEAT, 7, packet } }
       local env = setmetatable({
         peripheral = {
           getNames = function() return { "left", "right" } end,
           getType = function() return "modem" end,
           call = function(name, method, channel, reply)
             if method == "transmit" then sent[#sent + 1] = name .. ":" .. channel .. "," .. reply end
           end,
         },
         os = { pullEvent = function() local e = table.remove(events, 1) if not e then error("no more", 0) end return table.unpack(e) end },
         print = function() end,
       }, { __index = _G })
       print(pcall(loadfile("/rom/programs/rednet/repeat.lua", nil, env)))
       print(table.concat(sent, " "))`,
      { vm, termSize: WIDE },
    );
    expect(run.exit?.code).toBe(0);
    expect(run.rows.slice(0, 2)).toEqual(['false no more', 'left:3,7 left:65533,7 right:3,7 right:65533,7']);
  });

  it('rednet forgets the ids of past messages at its prune timer', async () => {
    const run = await runCraftos(
      `local function upvalue(fn, name)
         for i = 1, debug.getinfo(fn, "u").nups do
           local n, v = debug.getupvalue(fn, i)
           if n == name then return v end
         end
       end
       rednet.send(os.getComputerID() + 1, "nobody hears")
       print(next(upvalue(rednet.run, "received_messages")) ~= nil, upvalue(rednet.run, "prune_received_timer") ~= nil)
       sleep(20)
       print(next(upvalue(rednet.run, "received_messages")) ~= nil, upvalue(rednet.run, "prune_received_timer") ~= nil)`,
      { vm, termSize: WIDE },
    );
    expect(run.exit?.code).toBe(0);
    expect(run.rows.slice(0, 2)).toEqual(['true true', 'false false']);
  });

  it('gps.locate takes two hosts at one place as one', async () => {
    const run = await runCraftos(
      `local me = vector.new(12, 23, 52)
       local hosts = { { 5, 5, 5 }, { 5, 5, 5 }, { 10, 5, 5 }, { 5, 10, 5 }, { 5, 5, 10 } }
       local events = {}
       for _, h in ipairs(hosts) do
         events[#events + 1] = { "modem_message", "back", gps.CHANNEL_GPS, gps.CHANNEL_GPS, h, (me - vector.new(h[1], h[2], h[3])):length() }
       end
       local real_peripheral, real_pull = peripheral, os.pullEvent
       _G.peripheral = {
         getNames = function() return { "back" } end,
         getType = function() return "modem" end,
         call = function(_, method) if method == "isWireless" then return true end end,
       }
       os.pullEvent = function()
         local e = table.remove(events, 1)
         if not e then error("out of answers", 0) end
         return table.unpack(e)
       end
       local x, y, z = gps.locate(2)
       _G.peripheral, os.pullEvent = real_peripheral, real_pull
       print(x, y, z)`,
      { vm, termSize: WIDE },
    );
    expect(run.exit?.code).toBe(0);
    expect(run.rows[0]).toBe('12 23 52');
  });
});
