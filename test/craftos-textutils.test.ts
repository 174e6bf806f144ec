// The craftos textutils API (rom/apis/textutils.lua) on both VMs: Lua-syntax serialisation and its errors, JSON
// both ways with its options, URL encoding, times, completion, and the terminal helpers (columns, paging, slow text).
import { describe, expect, it } from 'vitest';
import { VM_NAMES } from '../src/vm/vm.js';
import { runCraftos } from './craftos-helpers.js';

/** A terminal wide and tall enough that the tests' lines neither wrap nor scroll. */
const WIDE = { width: 120, height: 60 };

describe.each(VM_NAMES)('textutils on %s', (vm) => {
  it('serialises values as Lua source, exactly as CC writes it, and reads them back', async () => {
    const { screen, exit } = await runCraftos(
      `
      local s = textutils.serialise
      print(s({ 1, 2, a = "b" }))
      print(s({ 1, 2, a = "b" }, { compact = true }))
      print(s({ [ "two words" ] = { x = true } }))
      print(s({ ["end"] = 1 }, { compact = true }), s({}), s("a\\nb\\"c"), s(0.5), s(7), s(5.0), s(-1/0), s(nil))
      print(textutils.serialize == s, textutils.unserialize == textutils.unserialise)
      local back = textutils.unserialise(s({ 1, "two", { three = 3, list = { 4.5 } }, t = true }))
      print(back[1], back[2], back[3].three, back[3].list[1], back.t)
      print(textutils.unserialise("{ 1, 2, x ="), textutils.unserialise("error('no')"), textutils.unserialise("os"))
      print(pcall(s, print))
      local loop = {} loop.self = loop
      print(pcall(s, loop))
      local shared = { 1 }
      print(pcall(s, { shared, shared }))
      print(s({ shared, shared }, { compact = true, allow_repetitions = true }))
      print(pcall(s, { 1 }, 5))
      `,
      { vm, termSize: WIDE },
    );
    expect(exit?.code).toBe(0);
    expect(screen).toBe(
      [
        '{',
        '  1,',
        '  2,',
        '  a = "b",',
        '}',
        '{1,2,a="b",}',
        '{',
        '  [ "two words" ] = {',
        '    x = true,',
        '  },',
        '}',
        '{["end"]=1,} {} "a\\nb\\"c" 0.5 7 5 -1/0 nil',
        'true true',
        '1 two 3 4.5 true',
        'nil nil nil',
        'false Cannot serialize type function',
        'false Cannot serialize table with recursive entries',
        'false Cannot serialize table with repeated entries',
        '{{1,},{1,},}',
        'false bad argument #2 (table expected, got number)',
      ].join('\n'),
    );
  });

  it('writes JSON with its options and reads it back', async () => {
    const { screen, exit } = await runCraftos(
      `
      local j = textutils.serialiseJSON
      print(j({ 1, 2, { a = "x" } }), j({}), j(textutils.empty_json_array), j(textutils.json_null), j(true))
      print(j("tab\\tquote\\"back\\\\nl\\n\\1"), j("caf\\233"), j("caf\\195\\169", { unicode_strings = true }))
      print(j({ key = { 1.5, -2 } }, true), j({ ["a b"] = 1 }, { nbt_style = true }), j({ [3] = "x" }))
      print(pcall(j, { f = print }))
      local loop = {} loop[1] = loop
      print(pcall(j, loop))
      print(pcall(j, 0/0))
      local u = textutils.unserialiseJSON
      local v = u(' { "list" : [ 1, 2.5, -3e2, true, false, "s\\\\u00e9\\\\n" ], "o": { } } ')
      print(#v.list, v.list[1], v.list[2], v.list[3], v.list[4], v.list[5], v.list[6] == "s\\233\\n", next(v.o))
      print(math.type(v.list[1]), math.type(v.list[3]))
      print(u("[]") == textutils.empty_json_array, next(u("[]", { parse_empty_array = false })), u("null"))
      print(u("null", { parse_null = true }) == textutils.json_null, u("[1,null,3]")[1], u("[1,null,3]")[3])
      print(u('"\\\\ud83d\\\\ude00"', { unicode_strings = true }) == "\\240\\159\\152\\128")
      local nbt = u('{id:"minecraft:stone",Count:64b,list:[I;1,2]}', { nbt_style = true })
      print(nbt.id, nbt.Count, nbt.list[2])
      print(u('{"a":1,}'))
      print(u('[1 2]'))
      print(u('"open'))
      print(u('1 2'))
      print(u(''))
      print(pcall(u, 1))
      local round = u(j({ n = 10, s = "\\0\\255", l = { "a", { b = false } } }))
      print(round.n, round.s == "\\0\\255", round.l[1], round.l[2].b)
      print(textutils.serializeJSON == j, textutils.unserializeJSON == u)
      print(u("3000000000"), j(3000000000), j(2^53), j(0.1), j(-1.5e300), u("1e2"), u("-0.25"))
      print(select(2, pcall(function() textutils.json_null.x = 1 end)):match("attempt.*"))
      print(select(2, pcall(function() textutils.empty_json_array[1] = 1 end)):match("attempt.*"))
      `,
      { vm, termSize: WIDE },
    );
    expect(exit?.code).toBe(0);
    expect(screen).toBe(
      [
        '[1,2,{"a":"x"}] {} [] null true',
        '"tab\\tquote\\"back\\\\nl\\n\\u0001" "caf\\u00E9" "caf\\u00E9"',
        '{key:[1.5,-2]} {"a b":1} [null,null,"x"]',
        'false Cannot serialize type function',
        'false Cannot serialize table with recursive entries',
        'false Cannot serialize nan in JSON',
        '6 1 2.5 -300 true false true nil',
        'integer float',
        'true nil nil',
        'true 1 3',
        'true',
        'minecraft:stone 64 2',
        'nil Malformed JSON at position 8: unexpected character "}", expected a key',
        `nil Malformed JSON at position 4: unexpected character "2", expected ',' or ']'`,
        'nil Malformed JSON at position 6: unfinished string',
        'nil Malformed JSON at position 3: unexpected character "2", expected end of input',
        'nil Malformed JSON at position 1: unexpected end of input',
        'false bad argument #1 (string expected, got number)',
        '10 true a false',
        'true true',
        // fengari's integers are 32-bit: a bigger one is a float there, and prints the same
        '3000000000 3000000000 9007199254740992 0.1 -1.5e+300 100 -0.25',
        'attempt to mutate textutils.json_null',
        'attempt to mutate textutils.empty_json_array',
      ].join('\n'),
    );
  });

  it('encodes URLs, formats times and completes Lua names', async () => {
    const { screen } = await runCraftos(
      `
      print(textutils.urlEncode("a b&c=d/e?f~g-h_i.j\\n\\233"))
      print(textutils.formatTime(0), textutils.formatTime(6.5), textutils.formatTime(12.25), textutils.formatTime(13.99))
      print(textutils.formatTime(0, true), textutils.formatTime(23.5, true), textutils.formatTime(9.05, true))
      print(table.concat(textutils.complete("textutils.serialise"), ","))
      print(table.concat(textutils.complete("tab"), ","), table.concat(textutils.complete("whi"), ","))
      local env = { value = 1, tbl = { inner = 2, fn = print }, empty = {} }
      local all = textutils.complete("", env)
      local has = {}
      for _, c in ipairs(all) do has[c] = true end
      print(has["and"], has["while"], has["tbl."], has.value, has.empty, has["empty."], has["print("], #all)
      print(table.concat(textutils.complete("tbl.", env), ","), #textutils.complete("value.x", env))
      print(table.concat(textutils.complete("s:up", { s = { upper = string.upper, unpack = string.unpack } }), ","))
      print(table.concat(textutils.complete("s:", { s = setmetatable({}, { __index = { up = print } }) }), ","))
      `,
      { vm, termSize: WIDE },
    );
    expect(screen.split('\n')).toEqual([
      'a+b%26c%3Dd%2Fe%3Ff%7Eg-h_i.j%0D%0A%C3%A9',
      '12:00 AM 6:30 AM 12:15 PM 1:59 PM',
      '0:00 23:30 9:03',
      '(,JSON(',
      'le. le',
      // the 22 keywords and the environment's 3 names; an empty table gets no "."; _G is not searched
      'true true true true true nil nil 25',
      'fn(,inner 0',
      'per(',
      'up(',
    ]);
  });

  it('tabulates in columns and prints slowly', async () => {
    const { screen, exit } = await runCraftos(
      `
      textutils.tabulate({ "alpha", "b", "gamma", "d", "e" }, colors.red, { "x" })
      print(term.getTextColour() == colors.red)
      textutils.pagedTabulate({ "one", "two" })
      term.setTextColour(colors.white)
      local t0 = os.clock()
      textutils.slowPrint("slow text", 10)
      textutils.slowWrite("ab")
      print(" after", os.clock() - t0 >= 1)
      `,
      { vm, termSize: { width: 20, height: 12 } },
    );
    expect(exit?.code).toBe(0);
    expect(screen).toBe(['alpha b     gamma', 'd     e', 'x', 'true', 'one two', 'slow text', 'ab after true'].join('\n'));
  });

  it('pages long output, waiting for a key press a screenful', async () => {
    const { screen, exit } = await runCraftos(
      `
      for i = 1, 6 do print("row " .. i) end
      for _ = 1, 3 do os.queueEvent("key", keys.space) end
      local numbers = {}
      for i = 1, 25 do numbers[i] = i end
      local lines = textutils.pagedPrint(table.concat(numbers, string.char(10)))
      os.queueEvent("done")
      local left = 0
      while true do
        local e = os.pullEvent()
        if e == "done" then break end
        if e == "key" then left = left + 1 end
      end
      print(lines, left)
      `,
      { vm, termSize: { width: 20, height: 12 } },
    );
    expect(exit?.code).toBe(0);
    // 25 lines from row 7 of 12 scroll 20 times: the first scroll pauses (free_lines 0), then one each 11 scrolls,
    // so 2 of the 3 keys are taken; every line is kept
    expect(screen.split('\n')).toEqual(['16', '17', '18', '19', '20', '21', '22', '23', '24', '25', '25 1']);
  });
});
