// Floppy disks for drive peripherals: each disk's files (the store's folder disks/<id>/, or in memory under
// simulate) and label (disks/<id>.label), mounted in its computer's file system at /disk, /disk2, ... while inserted.
import { join } from 'node:path';
import { PeripheralError, type DiskSlots } from './peripherals/types.js';
import type { FsBackend } from './fs-backend.js';
import { DirectoryFsBackend } from './fs-directory.js';
import { FsError } from './fs-errors.js';
import { MemoryFsBackend } from './fs-memory.js';
import type { FileSystem } from './filesystem.js';
import { LabelFile } from './label-file.js';

/** A disk kept in memory (under simulate): its files and label, for the rest of the run. */
interface MemoryDisk {
  files: MemoryFsBackend;
  label: string | null;
}

export class Disks implements DiskSlots {
  private readonly memory = new Map<number, MemoryDisk>();

  /**
   * Disks for the computer whose file system is `fs`: in the store at `storeDir`, or in memory (null). `now` is
   * the kernel's clock for file times under --deterministic (see fs-virtual-times.ts).
   */
  constructor(
    private readonly fs: FileSystem,
    private readonly storeDir: string | null,
    private readonly now?: () => number,
  ) {}

  insert(id: number): string {
    let n = 1;
    while (this.fs.exists(slot(n))) n++;
    const path = slot(n);
    refusing(() => this.fs.mount(path, this.files(id, path), { drive: path }));
    return path;
  }

  eject(path: string): void {
    refusing(() => this.fs.unmount(path));
  }

  label(id: number): string | null {
    if (this.storeDir === null) return this.memoryDisk(id).label;
    return refusing(() => this.labelFile(id).read());
  }

  setLabel(id: number, label: string | null): void {
    if (this.storeDir === null) this.memoryDisk(id).label = label;
    else refusing(() => this.labelFile(id).write(label));
  }

  private files(id: number, path: string): FsBackend {
    if (this.storeDir === null) return this.memoryDisk(id).files;
    return new DirectoryFsBackend(join(this.storeDir, 'disks', String(id)), { shownAt: [path], create: true, cleanLeftovers: true, now: this.now });
  }

  private labelFile(id: number): LabelFile {
    return new LabelFile(join(this.storeDir ?? '', 'disks'), id);
  }

  private memoryDisk(id: number): MemoryDisk {
    let disk = this.memory.get(id);
    if (!disk) {
      disk = { files: new MemoryFsBackend(this.now), label: null };
      this.memory.set(id, disk);
    }
    return disk;
  }
}

/** Where the nth inserted disk shows: disk, disk2, disk3, ... (as CraftOS names them). */
function slot(n: number): string {
  return n === 1 ? 'disk' : `disk${n}`;
}

/** Runs a file system operation for a drive: its failure is the drive's refusal, in the file system's words. */
function refusing<T>(act: () => T): T {
  try {
    return act();
  } catch (e) {
    if (e instanceof FsError) throw new PeripheralError(e.message);
    throw e;
  }
}
