// The host folders given with --mount and --mount-ro as the file system's host mounts, each checked to be a folder
// before anything runs (thox run, boot and shell; a usage error names the one that is not).
import { statSync } from 'node:fs';
import type { HostMount } from '../devices/fs-setup.js';
import { typed, UsageError } from './errors.js';
import type { MountSpec } from './options.js';

export function hostMounts(mount: readonly MountSpec[] = [], mountRo: readonly MountSpec[] = []): HostMount[] {
  const mounts = [...mount.map((m) => ({ ...m, readOnly: false })), ...mountRo.map((m) => ({ ...m, readOnly: true }))];
  for (const m of mounts) {
    if (!statSync(m.hostDir, { throwIfNoEntry: false })?.isDirectory()) {
      throw new UsageError(`cannot mount '${typed(m.hostDir)}' at ${typed(m.path)}: not a folder`);
    }
  }
  return mounts;
}
