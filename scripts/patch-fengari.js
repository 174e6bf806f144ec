// Patches fengari 0.1.5 in node_modules: the count-hook bug, math.random's state shared by every Lua state, and
// table.sort's pivot from Math.random. Idempotent; run by `npm install` through the `prepare` script.
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
