// Patches fengari 0.1.5 in node_modules: the count-hook bug, math.random's state shared by every Lua state,
// table.sort's pivot from Math.random, floats printed by the host's C printf, back-references to position
// captures, and a constructor's list stored in order. Idempotent; run by `npm install`.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Each patch: the file in fengari/src, and the exact texts it replaces (original -> patched). */
const PATCHES = [
  {
    file: 'lapi.js',
    why: "lua_pcallk loses 'allowhook', so one caught error in a coroutine turns its count hook off for good",
    edits: [['ci.callstatus &= ~lstate.CIST_OAH | L.allowhook;', 'ci.callstatus = (ci.callstatus & ~lstate.CIST_OAH) | L.allowhook;']],
  },
  {
    file: 'lmathlib.js',
    why: "math.random's generator state is module-global: every Lua state shares (and re-seeds) it; keep it per state",
    edits: [
      [
        `let rand_state;
/* use same parameters as glibc LCG */
const l_rand = function() {
    rand_state = (1103515245 * rand_state + 12345) & 0x7fffffff;
    return rand_state;
};
const l_srand = function(x) {
    rand_state = x|0;
    if (rand_state === 0)
        rand_state = 1;
};`,
        `/* use same parameters as glibc LCG; the state is the Lua state's own (thox patch) */
const l_rand = function(L) {
    const g = L.l_G;
    g.thox_rand_state = (1103515245 * g.thox_rand_state + 12345) & 0x7fffffff;
    return g.thox_rand_state;
};
const l_srand = function(L, x) {
    const g = L.l_G;
    g.thox_rand_state = x|0;
    if (g.thox_rand_state === 0)
        g.thox_rand_state = 1;
};`,
      ],
      [
        'let r = (rand_state === void 0)?Math.random():(l_rand() / 0x80000000);',
        'let r = (L.l_G.thox_rand_state === void 0)?Math.random():(l_rand(L) / 0x80000000);',
      ],
      [
        `l_srand(luaL_checknumber(L, 1));
    l_rand();`,
        `l_srand(L, luaL_checknumber(L, 1));
    l_rand(L);`,
      ],
    ],
  },
  {
    file: 'ltablib.js',
    why: "table.sort's random pivot comes from Math.random; let a state in deterministic mode supply it",
    edits: [
      [
        `const l_randomizePivot = function() {
    return Math.floor(Math.random()*0x100000000);
};`,
        `const l_randomizePivot = function(L) {
    const pivot = L.l_G.thox_pivot;  /* the state's own source, in deterministic mode (thox patch) */
    return pivot ? pivot() : Math.floor(Math.random()*0x100000000);
};`,
      ],
      ['rnd = l_randomizePivot();', 'rnd = l_randomizePivot(L);'],
    ],
  },
  {
    file: 'luaconf.js',
    why: 'floats print as JavaScript writes them (Infinity, 1000000000000000.0); let the host give C\'s "%.14g"',
    edits: [
      [
        `const lua_number2str = function(n) {
    return String(Number(n.toPrecision(14))); /* should match behaviour of LUA_NUMBER_FMT */
};`,
        `/* the host's C printf for floats, when it sets one (thox patch) */
const thox_numbers = { format: null };
module.exports.thox_numbers = thox_numbers;
const lua_number2str = function(n) {
    if (thox_numbers.format) return thox_numbers.format("%.14g", n);
    return String(Number(n.toPrecision(14))); /* should match behaviour of LUA_NUMBER_FMT */
};`,
      ],
    ],
  },
  {
    file: 'lstrlib.js',
    why: "string.format's %e %f %g use sprintf-js, which rounds and writes inf and nan as JavaScript does (use the host's C printf); a back-reference to a position capture matches; a greedy repetition whose match ends at index 0 is a match",
    edits: [
      [
        `"use strict";

const { sprintf } = require('sprintf-js');`,
        `"use strict";

const { thox_numbers } = require('./luaconf.js'); /* thox patch */
const { sprintf } = require('sprintf-js');`,
      ],
      [
        `                    let n = luaL_checknumber(L, arg);
                    addlenmod(form, to_luastring(LUA_INTEGER_FRMLEN, true));
                    luaL_addstring(b, to_luastring(sprintf(String.fromCharCode(...form), n)));`,
        `                    let n = luaL_checknumber(L, arg);
                    addlenmod(form, to_luastring(LUA_INTEGER_FRMLEN, true));
                    if (lua_isinteger(L, arg)) n += 0;  /* fengari's integers can be -0, C's cannot (thox patch) */
                    const f = thox_numbers.format;  /* thox patch */
                    luaL_addstring(b, to_luastring(f ? f(String.fromCharCode(...form), n) : sprintf(String.fromCharCode(...form), n)));`,
      ],
      [
        `    let len = ms.capture[l].len;
    if ((ms.src_end-s) >= len && array_cmp(`,
        `    let len = ms.capture[l].len;
    /* a position capture's len is negative (C's size_t makes it huge: no match) (thox patch) */
    if (len >= 0 && (ms.src_end-s) >= len && array_cmp(`,
      ],
      [
        `        let res = match(ms, s + i, ep + 1);
        if (res) return res;`,
        `        let res = match(ms, s + i, ep + 1);
        if (res !== null) return res;  /* index 0 is a match too, C's pointer is never NULL (thox patch) */`,
      ],
    ],
  },
  {
    file: 'lvm.js',
    why: "a table constructor's list is stored from its last item to its first, and fengari's tables keep insertion order: pairs gave {10, 20, 30} as 3, 2, 1",
    edits: [
      [
        `                for (; n > 0; n--) {
                    ltable.luaH_setint(h, last--, L.stack[ra + n]);
                }`,
        `                for (let k = 1; k <= n; k++) { /* in order, as Lua's own traversal finds them (thox patch) */
                    ltable.luaH_setint(h, last - n + k, L.stack[ra + k]);
                }`,
      ],
    ],
  },
];

function fail(message) {
  console.error(`patch-fengari: ${message}`);
  process.exit(1);
}

function sourcePath(file) {
  try {
    return createRequire(import.meta.url).resolve(`fengari/src/${file}`);
  } catch {
    fail(`cannot find fengari/src/${file}: is fengari installed?`);
  }
}

/** Applies one patch to its file; a file already patched is left as it is. */
function apply({ file, why, edits }) {
  const path = sourcePath(file);
  let source = readFileSync(path, 'utf8');
  let changed = 0;
  for (const [original, patched] of edits) {
    if (source.includes(patched) && !source.includes(original)) continue;
    if (!source.includes(original)) fail(`neither the original nor the patched text was found in ${path}: fengari changed, check by hand (${why})`);
    source = source.replace(original, patched);
    changed++;
  }
  if (changed === 0) {
    console.log(`patch-fengari: already patched (${path})`);
    return;
  }
  writeFileSync(path, source);
  console.log(`patch-fengari: ${why} (${path})`);
}

for (const patch of PATCHES) apply(patch);
