// The disk drive peripheral (type drive): a floppy disk in it shows as /disk (/disk2, ... for a second drive) with
// its id and label. insertDisk stands for the world outside (a player putting disk `id` in); ejectDisk takes it out.
import { type DiskSlots, type Peripheral, type PeripheralEnv, PeripheralError, type PeripheralType } from '../types.js';

/** The longest disk label (as CC). */
const MAX_LABEL = 32;

/** A label as CC keeps it: control characters dropped, cut to 32 bytes; empty is none. */
function normaliseLabel(label: string | null): string | null {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: dropping control characters is the point
  const kept = label?.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, MAX_LABEL) ?? '';
  return kept === '' ? null : kept;
}

export const drive: PeripheralType = {
  name: 'drive',
  create(env: PeripheralEnv): Peripheral {
    let disk: { id: number; path: string } | null = null;
    const slots = (): DiskSlots => {
      if (!env.disks) throw new PeripheralError('No disks here: this computer has no file system');
      return env.disks;
    };
    const eject = (): void => {
      if (!disk) return;
      slots().eject(disk.path);
      disk = null;
      env.emit('disk_eject', { side: env.name }, [env.name]);
    };
    return {
      type: 'drive',
      detach: () => {
        if (disk) env.disks?.eject(disk.path);
      },
      methods: {
        isDiskPresent: () => [disk !== null],
        getDiskLabel: () => [disk && slots().label(disk.id)],
        setDiskLabel: (a) => {
          const label = normaliseLabel(a.isNil(1) ? null : a.string(1));
          if (disk) slots().setLabel(disk.id, label);
          return [];
        },
        hasData: () => [disk !== null],
        getMountPath: () => [disk?.path ?? null],
        getDiskID: () => [disk?.id ?? null],
        hasAudio: () => [false],
        getAudioTitle: () => [disk ? null : false],
        playAudio: () => [],
        stopAudio: () => [],
        ejectDisk: () => {
          eject();
          return [];
        },
        /** Puts disk `id` in (the world outside, for tests and the host), ejecting any other: a `disk` event. */
        insertDisk: (a) => {
          const id = a.integer(1);
          if (id < 0) a.fail(1, 'disk id must be 0 or more');
          eject();
          disk = { id, path: slots().insert(id) };
          env.emit('disk', { side: env.name }, [env.name]);
          return [];
        },
      },
    };
  },
};
