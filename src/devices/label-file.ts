// A label kept across runs, as CraftOS keeps computers' and disks' labels: the file `<id>.label` in a folder of the
// store (systems/, disks/), beside the tree `<id>/` (so no program reaches it through fs), written whole and atomically.
import { join } from 'node:path';
import type { ByteString } from '../vm/vm.js';
import { DirectoryFsBackend } from './fs-directory.js';

export class LabelFile {
  /** The file's host path (for messages). */
  readonly path: string;
  private readonly folder: DirectoryFsBackend;
  private readonly name: string;

  /** The label of `id` in `folder` (the store's systems/ or disks/). */
  constructor(folder: string, id: number) {
    this.name = `${id}.label`;
    this.path = join(folder, this.name);
    // the directory backend's write: a temporary file, fsynced, renamed over the label, the folder fsynced
    this.folder = new DirectoryFsBackend(folder, { create: true });
  }

  /** The saved label's bytes, or null when none is saved; an FsError when the file cannot be read. */
  read(): ByteString | null {
    return this.folder.stat([this.name]) === null ? null : this.folder.read([this.name]);
  }

  /** Saves a label (its bytes), or forgets the saved one (null). */
  write(label: ByteString | null): void {
    if (label !== null) this.folder.write([this.name], label);
    else if (this.folder.stat([this.name]) !== null) this.folder.remove([this.name]);
  }
}
