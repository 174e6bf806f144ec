// The process table: every process record by pid, who is whose parent, adoption of orphans, reaping, tree sizes.
// A record stays from spawn until its parent collects its status, or can no longer (the parent ended).
import type { Process } from './process.js';

export class ProcessTable {
  private readonly byPid = new Map<number, Process>();
  /** Process tree → how many records it has. */
  private readonly treeSizes = new Map<number, number>();
  private nextPid = 1;
  /** The process that adopts orphans whose whole ancestry ended (init, when a system is booted); 0: none, they stay with the host. */
  reaper = 0;

  /** The pid the next process gets (pids are never reused). */
  newPid(): number {
    return this.nextPid++;
  }

  get(pid: number): Process | undefined {
    return this.byPid.get(pid);
  }

  get size(): number {
    return this.byPid.size;
  }

  keys(): IterableIterator<number> {
    return this.byPid.keys();
  }

  values(): IterableIterator<Process> {
    return this.byPid.values();
  }

  /** How many records a process tree has (running processes, and ended ones not yet reaped). */
  treeSize(tree: number): number {
    return this.treeSizes.get(tree) ?? 0;
  }

  /** Enters a new process, as a child of its parent. */
  add(p: Process): void {
    this.byPid.set(p.pid, p);
    this.treeSizes.set(p.tree, this.treeSize(p.tree) + 1);
    this.parentOf(p)?.children.add(p.pid);
  }

  private delete(p: Process): void {
    this.byPid.delete(p.pid);
    const n = this.treeSize(p.tree) - 1;
    if (n > 0) this.treeSizes.set(p.tree, n);
    else this.treeSizes.delete(p.tree);
  }

  /** Takes back a process whose spawn failed half-way (it never ran). */
  remove(pid: number): void {
    const p = this.byPid.get(pid);
    if (!p) return;
    this.delete(p);
    this.parentOf(p)?.children.delete(pid);
  }

  parentOf(p: Process): Process | undefined {
    return this.byPid.get(p.ppid);
  }

  /** Whether `pid` is `ancestor` or one of its descendants. */
  isDescendant(pid: number, ancestor: number): boolean {
    for (let p = this.byPid.get(pid); p; p = this.byPid.get(p.ppid)) {
      if (p.pid === ancestor) return true;
      if (p.ppid === p.pid) break;
    }
    return false;
  }

  /** Removes an ended process's record (its parent collected its status, or can no longer). */
  reap(pid: number): void {
    if (this.byPid.get(pid)?.exit) this.remove(pid);
  }

  /**
   * A process that ends leaves no orphans: its ended children are reaped (nobody can wait for them any
   * more) and its running ones are adopted by its own parent (so kill and wait still reach them from above),
   * or, when it has none left, by the reaper (init), which reaps them when they end.
   */
  rehome(p: Process): void {
    const reaper = this.byPid.get(this.reaper);
    const parent = this.parentOf(p) ?? (reaper && !reaper.exit && reaper !== p ? reaper : undefined);
    for (const pid of p.children) {
      const child = this.byPid.get(pid);
      if (!child) continue;
      if (child.exit) {
        this.delete(child);
        continue;
      }
      child.ppid = parent?.pid ?? p.ppid;
      parent?.children.add(pid);
    }
    p.children.clear();
  }

  /** The processes that have not ended, in pid order. */
  live(): Process[] {
    return [...this.byPid.values()].filter((p) => !p.exit);
  }
}
