// Fixes fengari 0.1.5's count-hook bug in node_modules (lua_pcallk loses 'allowhook', so one caught error in a
// coroutine turns its hook off for good). Idempotent; run by `npm install` through the `prepare` script.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const BUGGY = 'ci.callstatus &= ~lstate.CIST_OAH | L.allowhook;';
const FIXED = 'ci.callstatus = (ci.callstatus & ~lstate.CIST_OAH) | L.allowhook;';

function lapiPath() {
  try {
    return createRequire(import.meta.url).resolve('fengari/src/lapi.js');
  } catch {
    fail('cannot find fengari/src/lapi.js: is fengari installed?');
  }
}

function fail(message) {
  console.error(`patch-fengari: ${message}`);
  process.exit(1);
}

function main() {
  const file = lapiPath();
  const source = readFileSync(file, 'utf8');
  if (source.includes(FIXED) && !source.includes(BUGGY)) {
    console.log(`patch-fengari: already patched (${file})`);
    return;
  }
  if (!source.includes(BUGGY)) {
    fail(`neither the buggy nor the fixed lua_pcallk line was found in ${file}: fengari changed, check the hook bug by hand`);
  }
  writeFileSync(file, source.replace(BUGGY, FIXED));
  console.log(`patch-fengari: fixed the count-hook bug in lua_pcallk (${file})`);
}

main();
