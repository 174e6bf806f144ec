// The lock table: shared and exclusive locks by name, in memory only (never persisted), granted in
// arrival order. The kernel releases a process's locks when it exits or is killed (releaseAll).
import { getOrInsertComputed } from '../maps.js';
import { LockError } from './errors.js';

export type LockMode = 'shared' | 'exclusive';

export interface LockRequest {
  holder: number;
  mode: LockMode;
}

/** A queued request that a release has just granted: the kernel wakes `holder`. */
export interface Grant extends LockRequest {
  name: string;
}

interface Lock {
  /** Who holds it now, in the order they were granted. */
  holders: Map<number, LockMode>;
  /** Who waits, in arrival order. */
  queue: LockRequest[];
}

/**
 * Rules:
 * - A lock is held by any number of shared holders or by one exclusive holder.
 * - A request is granted at once only if nobody is queued on that name and it is compatible with
 *   the holders; otherwise it queues. Queued requests are granted strictly in arrival order, so a
 *   waiting exclusive request is never overtaken (starved) by later shared ones; consecutive
 *   shared requests at the head of the queue are granted together.
 * - Not re-entrant: a holder that already holds or waits for a name cannot request it again (a
 *   LockError), and there is no upgrade from shared to exclusive (release, then acquire).
 * - Releasing a lock one only waits for cancels the wait. Releasing what one neither holds nor
 *   waits for is a LockError.
 * - Names are any strings and holders any safe integers: checking them is the caller's business.
 * - When nobody holds or waits for a name, nothing is kept for it.
 */
export class LockTable {
  private readonly locks = new Map<string, Lock>();
  /** For each holder, the names it holds or waits for, in the order it asked. */
  private readonly byHolder = new Map<number, Set<string>>();

  /** Takes the lock now (`granted`) or joins its queue (`queued`; a later release will grant it). */
  acquire(name: string, holder: number, mode: LockMode): 'granted' | 'queued' {
    checkRequest(holder, mode);
    const lock = this.lockFor(name);
    if (lock.holders.has(holder)) throw new LockError(`${who(holder)} already holds the lock '${name}' (${lock.holders.get(holder)})`);
    if (lock.queue.some((r) => r.holder === holder)) throw new LockError(`${who(holder)} already waits for the lock '${name}'`);
    this.namesOf(holder).add(name);
    if (lock.queue.length === 0 && compatible(lock, mode)) {
      lock.holders.set(holder, mode);
      return 'granted';
    }
    lock.queue.push({ holder, mode });
    return 'queued';
  }

  /** Gives up a held lock, or a wait for it; returns the requests this grants, in grant order. */
  release(name: string, holder: number): Grant[] {
    const lock = this.locks.get(name);
    if (!lock || !drop(lock, holder)) throw new LockError(`${who(holder)} neither holds nor waits for the lock '${name}'`);
    this.forget(holder, name);
    return this.settle(name, lock);
  }

  /** Releases every lock the holder has and cancels its waits (it exited or was killed). */
  releaseAll(holder: number): Grant[] {
    const names = this.byHolder.get(holder);
    if (!names) return [];
    this.byHolder.delete(holder);
    const grants: Grant[] = [];
    for (const name of names) {
      const lock = this.locks.get(name)!;
      drop(lock, holder);
      grants.push(...this.settle(name, lock));
    }
    return grants;
  }

  /** The current holders of a name, in grant order. */
  holders(name: string): LockRequest[] {
    return [...(this.locks.get(name)?.holders ?? [])].map(([holder, mode]) => ({ holder, mode }));
  }

  /** The requests waiting for a name, in arrival order. */
  waiting(name: string): LockRequest[] {
    return (this.locks.get(name)?.queue ?? []).map((r) => ({ ...r }));
  }

  /** Names that someone holds or waits for. */
  names(): string[] {
    return [...this.locks.keys()];
  }

  /** Holders that hold or wait for something. */
  activeHolders(): number[] {
    return [...this.byHolder.keys()];
  }

  private lockFor(name: string): Lock {
    return getOrInsertComputed(this.locks, name, () => ({ holders: new Map(), queue: [] }));
  }

  private namesOf(holder: number): Set<string> {
    return getOrInsertComputed(this.byHolder, holder, () => new Set());
  }

  private forget(holder: number, name: string): void {
    const names = this.byHolder.get(holder);
    names?.delete(name);
    if (names?.size === 0) this.byHolder.delete(holder);
  }

  /** Grants queued requests from the head while they are compatible; drops the lock when unused. */
  private settle(name: string, lock: Lock): Grant[] {
    const grants: Grant[] = [];
    while (lock.queue.length > 0 && compatible(lock, lock.queue[0].mode)) {
      const { holder, mode } = lock.queue.shift()!;
      lock.holders.set(holder, mode);
      grants.push({ name, holder, mode });
    }
    if (lock.holders.size === 0 && lock.queue.length === 0) this.locks.delete(name);
    return grants;
  }
}

function compatible(lock: Lock, mode: LockMode): boolean {
  if (lock.holders.size === 0) return true;
  return mode === 'shared' && [...lock.holders.values()].every((m) => m === 'shared');
}

/** Removes the holder from the holders or the queue; false when it was in neither. */
function drop(lock: Lock, holder: number): boolean {
  if (lock.holders.delete(holder)) return true;
  const i = lock.queue.findIndex((r) => r.holder === holder);
  if (i < 0) return false;
  lock.queue.splice(i, 1);
  return true;
}

function checkRequest(holder: number, mode: LockMode): void {
  if (!Number.isSafeInteger(holder)) throw new LockError(`bad lock holder ${String(holder)}: expected a whole number`);
  if (mode !== 'shared' && mode !== 'exclusive') throw new LockError(`bad lock mode '${String(mode)}' (expected shared or exclusive)`);
}

function who(holder: number): string {
  return `holder ${holder}`;
}
