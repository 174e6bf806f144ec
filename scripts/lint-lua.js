// Runs luacheck (configured by .luacheckrc) over the Lua the package ships, when it is installed; says so when not.
// `npm run lint:lua`, part of `npm test`; .ci/run installs luacheck (Debian's lua-check), so CI always runs it.
import { spawnSync } from 'node:child_process';

const FILES = ['runtimes', 'src/kernel', 'programs', 'store', 'rom'];

const run = spawnSync('luacheck', ['--no-color', '--quiet', ...FILES], { stdio: 'inherit' });
if (run.error?.code === 'ENOENT') {
  console.log('lint:lua skipped: luacheck is not installed (apt-get install lua-check, or luarocks install luacheck)');
} else if (run.error) {
  throw run.error;
} else {
  process.exit(run.status ?? 1);
}
