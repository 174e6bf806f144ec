// A computer's label kept across runs, as CraftOS keeps it across reboots: the file `systems/<id>.label` of the
// store, beside the system's tree `systems/<id>/` (so no program reaches it through fs), written whole and atomically.
import { join } from 'node:path';
import type { ByteString } from '../vm/vm.js';
import { DirectoryFsBackend } from './fs-directory.js';

export class LabelFile {
  /** The file's host path (for messages). */
  readonly path: string;
  private readonly systems: DirectoryFsBackend;
  private readonly name: string;

  constructor(storeDir: string, computerId: number) {
    this.name = `${computerId}.label`;
    this.path = join(storeDir, 'systems', this.name);
    // the directory backend's write: a temporary file, fsynced, renamed over the label, the folder fsynced
    this.systems = new DirectoryFsBackend(join(storeDir, 'systems'), { create: true });
  }

  /** The saved label's bytes, or null when none is saved; an FsError when the file cannot be read. */
  read(): ByteString | null {
    return this.systems.stat([this.name]) === null ? null : this.systems.read([this.name]);
  }

  /** Saves a label (its bytes), or forgets the saved one (null). */
  write(label: ByteString | null): void {
    if (label !== null) this.systems.write([this.name], label);
    else if (this.systems.stat([this.name]) !== null) this.systems.remove([this.name]);
  }
}
