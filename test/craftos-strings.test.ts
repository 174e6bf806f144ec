// The craftos cc.strings, cc.pretty and cc.completion modules (rom/modules/main/cc) on both VMs: wrapping and
// splitting text, the pretty printer's documents and layout, and completion over choices, sides and settings.
import { describe, expect, it } from 'vitest';
import { VM_NAMES } from '../src/vm/vm.js';
import { runCraftos } from './craftos-helpers.js';

/** A terminal wide and tall enough that the tests' lines neither wrap nor scroll. */
const WIDE = { width: 120, height: 60 };

describe.each(VM_NAMES)('cc.strings, cc.pretty and cc.completion on %s', (vm) => {
  it('wraps, fits and splits text', async () => {
    const { screen, exit } = await runCraftos(
      `
      local strings = require "cc.strings"
      local function show(t) return "[" .. table.concat(t, "|") .. "]" end
      print(show(strings.wrap("The quick brown fox jumps over the lazy dog", 10)))
      print(show(strings.wrap("abcdefghijklmnopqrstuvwxyz two", 10)), show(strings.wrap("a\\n\\nb", 5)))
      local w = term.getSize()
      print(#strings.wrap(("word "):rep(30))[1] <= w, #strings.wrap(("word "):rep(30))[1] >= w - 4, show(strings.wrap("", 4)))
      print("<" .. strings.ensure_width("abc", 5) .. ">", "<" .. strings.ensure_width("abcdef", 3) .. ">", #strings.ensure_width("x"))
      print(show(strings.split("a,b,,c", ",")), show(strings.split("a.b.c", ".", true)), show(strings.split("a1b22c", "%d+")))
      print(show(strings.split("a,b,c", ",", false, 2)), show(strings.split("abc", ",")))
      print(pcall(strings.wrap, 1))
      print(pcall(strings.split, "a", ""))
      `,
      { vm, termSize: WIDE },
    );
    expect(exit?.code).toBe(0);
    expect(screen.split('\n')).toEqual([
      // the spaces after a word stay on its line as far as they fit
      '[The quick |brown fox |jumps over|the lazy |dog]',
      '[abcdefghij|klmnopqrst|uvwxyz two] [a||b]',
      'true true []',
      '<abc  > <abc> 120',
      '[a|b||c] [a|b|c] [a|b|c]',
      '[a|b,c] [abc]',
      'false bad argument #1 (string expected, got number)',
      'false separator is empty',
    ]);
  });

  it('lays documents out to fit a width and pretty-prints values', async () => {
    const { screen, exit } = await runCraftos(
      `
      local pretty = require "cc.pretty"
      local doc = pretty.group(pretty.text("hello") .. pretty.space_line .. "world")
      print(pretty.render(doc, 20) .. "|" .. pretty.render(doc, 8):gsub(string.char(10), "/"))
      local nested = pretty.group(pretty.text("f(") .. pretty.nest(2, pretty.line .. "a," .. pretty.space_line .. "b") .. pretty.line .. ")")
      print(pretty.render(nested, 40), (pretty.render(nested, 4):gsub(string.char(10), "/")))
      print(pretty.render(pretty.concat("a", pretty.space, "b", pretty.empty)), (pretty.render(pretty.text("x" .. string.char(10) .. "y")):gsub(string.char(10), "/")))
      print(pretty.render(pretty.pretty({ 1, "two", { x = true }, [10] = 1.5, name = "v" })))
      print(pretty.render(pretty.pretty({ list = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, ["key with space"] = {} }), 30))
      pretty.pretty_print({ 1, "a" })
      local loop = {} loop.me = loop
      print((pretty.render(pretty.pretty(loop)):gsub("table: %w+", "table: ADDR")))
      print(pretty.render(pretty.pretty(function(a, b, ...) end, { function_args = true })))
      print((pretty.render(pretty.pretty(function() end, { function_source = true })):gsub("%d+>", "N>")))
      print(pcall(pretty.group, "x"))
      print(pcall(pretty.concat, 1))
      term.setTextColour(colors.white)
      pretty.write(pretty.text("red", colors.red))
      print("", term.getTextColour() == colors.white)
      `,
      { vm, termSize: WIDE },
    );
    expect(exit?.code).toBe(0);
    expect(screen.split('\n')).toEqual([
      'hello world|hello/world',
      'f(a, b) f(/  a,/  b/)',
      'a b x/y',
      '{ 1, "two", { x = true }, [10] = 1.5, name = "v" }',
      '{',
      '  ["key with space"] = {},',
      '  list = {',
      '    1,',
      '    2,',
      '    3,',
      '    4,',
      '    5,',
      '    6,',
      '    7,',
      '    8,',
      '    9,',
      '    10,',
      '    11,',
      '    12',
      '  }',
      '}',
      '{ 1, "a" }',
      '{ me = table: ADDR }',
      expect.stringMatching(/^function: 0x[0-9a-f]+\(a, b, \.\.\.\)$/),
      'function<main:N>',
      'false bad argument #1 (document expected, got string)',
      'false bad argument #1 (document expected, got number)',
      'red true',
    ]);
  });

  it('completes among choices, sides and settings', async () => {
    const { screen, exit } = await runCraftos(
      `
      local completion = require "cc.completion"
      _G.peripheral = { getNames = function() return { "left", "monitor_0", "modem_1" } end } -- stands in for the API
      local function show(t) return "[" .. table.concat(t, "|") .. "]" end
      print(show(completion.choice("he", { "hello", "help", "he", "world" })), show(completion.choice("he", { "hello", "he" }, true)))
      print(show(completion.side("b")), show(completion.side("", true)))
      settings.define("demo.x") settings.set("demo.y", 1) settings.set("other", 2)
      print(show(completion.setting("demo.")), show(completion.command("a")), show(completion.peripheral("mo")))
      print(pcall(completion.choice, "a", "b"))
      `,
      { vm, termSize: WIDE },
    );
    expect(exit?.code).toBe(0);
    expect(screen.split('\n')).toEqual([
      '[llo|lp] [llo | ]',
      '[ottom|ack] [top |bottom |left |right |front |back ]',
      '[x|y] [] [nitor_0|dem_1]',
      'false bad argument #2 (table expected, got string)',
    ]);
  });
});
