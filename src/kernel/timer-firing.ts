// What a timer does when it falls due: wakes a sleeper (or a waiter, with 'timeout'), queues a 'timer'
// event, answers a call TIMEOUT, or tells the native contexts — in deadline order, at the kernel's time.
import { LuaTable } from '../vm/vm.js';
import type { KernelServices } from './services.js';
import type { Trace } from './trace.js';

export function fireDueTimers(k: KernelServices, trace: Trace, nativeListeners: ReadonlyArray<(id: number) => void>): void {
  for (const timer of k.timers.due(k.now())) {
    k.timerGone(timer.id);
    const p = k.processes.get(timer.pid);
    if (!p || p.exit) continue;
    trace.record(k.now(), 'fire', timer.pid, timer.tid, { id: timer.id, purpose: timer.purpose });
    if (timer.purpose === 'event') k.queueEvent(p, LuaTable.from({ type: 'timer', id: timer.id }));
    else if (timer.purpose === 'call') k.interactions.timedOut(timer.cid!);
    else if (timer.purpose === 'native') for (const listener of nativeListeners) listener(timer.id);
    else {
      const task = p.tasks.get(timer.tid);
      if (task?.wait && 'timer' in task.wait && task.wait.timer === timer.id) {
        task.wait.timer = null;
        k.wake(task, timer.purpose === 'sleep' ? [] : [null, 'timeout'], `timer:${timer.id}`);
      }
    }
  }
}
