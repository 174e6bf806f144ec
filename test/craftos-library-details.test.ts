// Details of the craftos libraries as CC: Tweaked behaves, on both VMs: textutils' key order and JSON arrays with
// holes, slowWrite's wrapping, tabulate's checks; cc.strings.wrap's spaces; window colours; paintutils' boxes;
// cc.pretty's constants; cc.require's preload and errors; parallel with nothing to run; peripherals' types.
import { describe, expect, it } from 'vitest';
import { runCraftos, VMS } from './craftos-helpers.js';

const WIDE = { width: 120, height: 40 };

describe.each(VMS)('craftos library details (%s)', (vm) => {
  it('textutils: serialise sorts the other keys and ignores metatables; JSON arrays keep their holes', async () => {
    const run = await runCraftos(
      `print((textutils.serialise({ 3, b = 1, [10] = 2, a = {}, [true] = 1, [false] = 0 }, { compact = true })))
       print((textutils.serialise(setmetatable({ 1 }, { __pairs = function() return pairs({ x = 1 }) end }), { compact = true })))
       print(textutils.serialiseJSON({ 5, nil, 7 }), textutils.serialiseJSON({ [2] = "x" }), textutils.serialiseJSON("\\127"))
       print(pcall(textutils.serialiseJSON, nil))
       print(textutils.unserialiseJSON("[01]") == nil, textutils.unserialiseJSON("[-01]") == nil, textutils.unserialiseJSON("[0, -0, 10]")[3])
       print(pcall(textutils.tabulate, { "a", false }))
       print(pcall(textutils.pagedTabulate, "a"))`,
      { vm, termSize: WIDE },
    );
    expect(run.exit?.code).toBe(0);
    expect(run.rows.slice(0, 7)).toEqual([
      '{3,[10]=2,a={},b=1,[false]=0,[true]=1,}',
      '{1,}',
      '[5,null,7] [null,"x"] "\\u007F"',
      'false bad argument #1 (table, string, number or boolean expected, got nil)',
      'true true 10',
      'false bad argument #1.2 (string expected, got boolean)',
      'false bad argument #1 (number or table expected, got string)',
    ]);
  });

  it('slowWrite wraps the text first and pauses before each character and each line break', async () => {
    const run = await runCraftos(
      `local pauses = 0
       _G.sleep = function() pauses = pauses + 1 end
       local win = window.create(term.current(), 1, 1, 10, 3, false)
       term.redirect(win)
       textutils.slowWrite("one two three four")
       term.redirect(term.native())
       print(win.getLine(1) .. "|" .. win.getLine(2) .. "|", pauses)`,
      { vm, termSize: WIDE },
    );
    expect(run.exit?.code).toBe(0);
    expect(run.rows[0]).toBe('one two   |three four| 19');
  });

  it('cc.strings.wrap keeps the spaces that fit after a word; widths below 1 are out of range', async () => {
    const run = await runCraftos(
      `local s = require "cc.strings"
       print(table.concat(s.wrap("ab cd  ef", 6), "|"), table.concat(s.wrap("ab cd", 2), "|"))
       print(pcall(s.wrap, "x", 0))`,
      { vm, termSize: WIDE },
    );
    expect(run.exit?.code).toBe(0);
    expect(run.rows.slice(0, 2)).toEqual(['ab cd |ef ab|cd', 'false number outside of range (expected 0 to be within 1 and inf)']);
  });

  it('window: a combination of colours is its highest; other numbers are out of range', async () => {
    const run = await runCraftos(
      `local w = window.create(term.current(), 1, 1, 5, 5, false)
       w.setTextColour(colours.combine(colours.red, colours.green))
       w.setBackgroundColour(colours.lime + colours.orange)
       print(w.getTextColour() == colours.red, w.getBackgroundColour() == colours.lime, pcall(w.setTextColour, 0))`,
      { vm, termSize: WIDE },
    );
    expect(run.exit?.code).toBe(0);
    expect(run.rows[0]).toBe('true true false Colour out of range');
  });

  it('cc.require: a preload gets its name alone; a loop and a file that does not compile are told plainly', async () => {
    const run = await runCraftos(
      `local r = require "cc.require"
       local req, pkg = r.make({}, "/")
       pkg.preload.p = function(...) return select("#", ...) end
       print(req("p"))
       pkg.preload.loop = function() req("loop") end
       print(pcall(req, "loop"))
       local f = fs.open("bad.lua", "w") f.write("1") f.close()
       pkg.path = "/?.lua"
       local ok, err = pcall(req, "bad")
       print(ok, (err:gsub("\\n", "|")))`,
      { vm, termSize: WIDE },
    );
    expect(run.exit?.code).toBe(0);
    expect(run.rows.slice(0, 3)).toEqual([
      '1',
      "false loop or previous error loading module 'loop'",
      "false module 'bad' not found:|  no field package.preload['bad']|  /bad.lua:1: unexpected symbol near '1'",
    ]);
  });

  it('cc.pretty: the constant documents, concat of none or one, groups once, tostring renders', async () => {
    const run = await runCraftos(
      `local pp = require "cc.pretty"
       print(pp.text("") == pp.empty, pp.text(" ") == pp.space, pp.text("\\n") == pp.space_line, pp.concat() == pp.empty)
       local x = pp.text("x")
       print(pp.concat(x) == x, pp.group(x) == x, pp.group(pp.group(pp.concat(x, pp.line))) ~= nil)
       print(tostring(pp.group(pp.concat("a", pp.space_line, "b"))), tostring(pp.pretty({ 1, nil, 3 })))
       print(#require("cc.shell.completion").choice(shell, "b", {}, { "bar", "baz", "qux" }))`,
      { vm, termSize: WIDE },
    );
    expect(run.exit?.code).toBe(0);
    expect(run.rows.slice(0, 4)).toEqual(['true true true true', 'true true true', 'a b { 1, nil, 3 }', '2']);
  });

  it('cc.image.nft: no line for an empty image or after the last newline', async () => {
    const run = await runCraftos(
      `local nft = require "cc.image.nft"
       print(#nft.parse(""), #nft.parse("ab"), #nft.parse("ab\\n"), #nft.parse("\\n\\n"), #nft.parse("a\\nb"))`,
      { vm, termSize: WIDE },
    );
    expect(run.exit?.code).toBe(0);
    expect(run.rows[0]).toBe('0 1 1 2 2');
  });

  it('parallel with nothing to run, and its own argument errors', async () => {
    const run = await runCraftos(
      `print(parallel.waitForAny())
       print(pcall(parallel.waitForAll, print, 1))`,
      { vm, termSize: WIDE },
    );
    expect(run.exit?.code).toBe(0);
    expect(run.rows.slice(0, 2)).toEqual(['0', 'false bad argument #2 (function expected, got number)']);
  });

  it('paintutils boxes colour text and background alike; lines leave the text colour', async () => {
    const run = await runCraftos(
      `local w = window.create(term.current(), 1, 1, 3, 3, false)
       term.redirect(w)
       paintutils.drawBox(1, 1, 3, 3, colours.red)
       paintutils.drawLine(1, 3, 3, 3, colours.blue)
       term.redirect(term.native())
       for y = 1, 3 do print(select(2, w.getLine(y)) .. " " .. select(3, w.getLine(y))) end
       print(pcall(paintutils.drawFilledBox, 1, 1, 1, 1, false))`,
      { vm, termSize: WIDE },
    );
    expect(run.exit?.code).toBe(0);
    expect(run.rows.slice(0, 4)).toEqual(['eee eee', 'e0e efe', '000 bbb', 'false bad argument #5 (number expected, got boolean)']);
  });

  it('peripherals: a wrapped one may have several types; calling nothing answers nil', async () => {
    const run = await runCraftos(
      `local fake = setmetatable({}, { __name = "peripheral", name = "x", types = { "modem", "inventory" } })
       print(peripheral.getType(fake))
       print(peripheral.hasType(fake, "inventory"), peripheral.hasType(fake, "drive"), peripheral.hasType("nowhere", "drive"))
       print(peripheral.call("nowhere", "open"), pcall(peripheral.hasType, {}, "x"))`,
      { vm, termSize: WIDE },
    );
    expect(run.exit?.code).toBe(0);
    expect(run.rows.slice(0, 3)).toEqual(['modem inventory', 'true false nil', 'nil false bad argument #1 (table is not a peripheral)']);
  });
});
