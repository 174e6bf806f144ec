// Where the user's store is: `--store DIR`, else $THOX_STORE, else $XDG_DATA_HOME/thox, else
// ~/.local/share/thox. Nothing is created here: the directory backend creates folders on first write.
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * The store directory (absolute). `option` is `--store DIR`; relative paths are taken from the
 * current directory. An XDG_DATA_HOME that is not absolute is ignored, as the XDG spec says.
 */
export function storeDirectory(option?: string, env: NodeJS.ProcessEnv = process.env, home: () => string = homedir): string {
  if (option !== undefined && option !== '') return resolve(option);
  if (env.THOX_STORE) return resolve(env.THOX_STORE);
  if (env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME)) return join(env.XDG_DATA_HOME, 'thox');
  return join(home(), '.local', 'share', 'thox');
}
