// The service graph: every definition read, checked against the others (name clashes, unknown dependencies,
// cycles spelled `a → b → c → a`); a rejected service takes only its dependents with it, never the rest.
import { DefinitionError, DEFINITION_SUFFIX, parseDefinition, type ServiceDefinition } from './definitions.js';

/** A definition file as the store holds it: entry name (`kv.svc`) and source. */
export interface DefinitionFile {
  entry: string;
  source: string;
}

export interface Configuration {
  /** The usable services, in name order. */
  services: Map<string, ServiceDefinition>;
  /** Target → its member services (usable ones), in name order. */
  targets: Map<string, string[]>;
  /** One line per rejected file or service, naming the file. */
  errors: string[];
}

/** The services a service waits for before it starts (requires and after: the ordering edges). */
export function orderingEdges(def: ServiceDefinition): string[] {
  return [...new Set([...def.requires, ...def.after])];
}

/** Reads and checks every definition; what is wrong is reported in `errors` and left out. */
export function buildConfiguration(files: readonly DefinitionFile[]): Configuration {
  const errors: string[] = [];
  const defs = new Map<string, ServiceDefinition>();
  for (const file of [...files].sort((a, b) => compare(a.entry, b.entry))) {
    if (!file.entry.endsWith(DEFINITION_SUFFIX)) continue;
    try {
      const def = parseDefinition(file.entry.slice(0, -DEFINITION_SUFFIX.length), file.source);
      defs.set(def.name, def);
    } catch (e) {
      if (!(e instanceof DefinitionError)) throw e;
      errors.push(e.message);
    }
  }
  const rejected = new Map<string, string>();
  for (const message of clashes(defs)) {
    rejected.set(message.name, message.why);
  }
  for (const def of defs.values()) {
    const unknown = [...orderingEdges(def), ...def.wants].find((d) => !defs.has(d));
    if (unknown !== undefined && !rejected.has(def.name)) {
      const field = def.requires.includes(unknown) ? 'requires' : def.after.includes(unknown) ? 'after' : 'wants';
      rejected.set(def.name, `${def.file}: field '${field}': unknown service '${unknown}'`);
    }
  }
  for (const [cycle, members] of cycles(defs)) {
    for (const name of members) if (!rejected.has(name)) rejected.set(name, `${defs.get(name)!.file}: dependency cycle ${cycle}`);
  }
  rejectDependents(defs, rejected);
  for (const [name, why] of rejected) {
    errors.push(why);
    defs.delete(name);
  }
  return { services: defs, targets: targetsOf(defs), errors };
}

/** A target named like a service, or two services whose names differ only in case (one file system may hold only one). */
function clashes(defs: Map<string, ServiceDefinition>): Array<{ name: string; why: string }> {
  const found: Array<{ name: string; why: string }> = [];
  const lower = new Map<string, string>();
  for (const def of defs.values()) {
    const other = lower.get(def.name.toLowerCase());
    if (other !== undefined) found.push({ name: def.name, why: `${def.file}: name clash: service '${def.name}' and service '${other}' differ only in case` });
    else lower.set(def.name.toLowerCase(), def.name);
    const target = def.targets.find((t) => defs.has(t));
    if (target !== undefined) found.push({ name: def.name, why: `${def.file}: field 'targets': name clash: '${target}' is a service` });
  }
  return found;
}

/**
 * The cycles of the ordering graph: each strongly connected component with more than one member (or a
 * service that orders itself after itself), with one cycle through it spelled out from its first name.
 */
function cycles(defs: Map<string, ServiceDefinition>): Array<[string, string[]]> {
  const result: Array<[string, string[]]> = [];
  for (const component of stronglyConnected(defs)) {
    const first = component[0];
    const selfLoop = orderingEdges(defs.get(first)!).includes(first);
    if (component.length === 1 && !selfLoop) continue;
    const path = selfLoop ? [first] : cyclePath(defs, first, new Set(component));
    result.push([[...path, first].join(' → '), component]);
  }
  return result;
}

/** Tarjan's algorithm over the ordering edges; each component's names sorted. Iterative: a chain of 10,000 is fine. */
function stronglyConnected(defs: Map<string, ServiceDefinition>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const next = (name: string) => orderingEdges(defs.get(name)!).filter((d) => defs.has(d));
  for (const root of defs.keys()) {
    if (index.has(root)) continue;
    const work: Array<{ name: string; edges: string[]; i: number }> = [];
    const visit = (name: string) => {
      index.set(name, index.size);
      low.set(name, index.get(name)!);
      stack.push(name);
      onStack.add(name);
      work.push({ name, edges: next(name), i: 0 });
    };
    visit(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.i < frame.edges.length) {
        const d = frame.edges[frame.i++];
        if (!index.has(d)) visit(d);
        else if (onStack.has(d)) low.set(frame.name, Math.min(low.get(frame.name)!, index.get(d)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].name;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.name)!));
      }
      if (low.get(frame.name) === index.get(frame.name)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.name);
        components.push(component.sort(compare));
      }
    }
  }
  return components;
}

/** A path from `start` back to it inside `within` (breadth-first, so the shortest; names in order at each step). */
function cyclePath(defs: Map<string, ServiceDefinition>, start: string, within: Set<string>): string[] {
  const from = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const name = queue[i];
    for (const d of [...orderingEdges(defs.get(name)!)].sort(compare)) {
      if (!within.has(d)) continue;
      if (d === start) {
        const path = [name];
        while (path[0] !== start) path.unshift(from.get(path[0])!);
        return path;
      }
      if (!from.has(d)) {
        from.set(d, name);
        queue.push(d);
      }
    }
  }
  return [start];
}

/** A service whose `requires` or `after` names a rejected one is rejected too (it could never start in order); `wants` is weak. */
function rejectDependents(defs: Map<string, ServiceDefinition>, rejected: Map<string, string>): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (const def of defs.values()) {
      if (rejected.has(def.name)) continue;
      const bad = orderingEdges(def).find((d) => rejected.has(d));
      if (bad === undefined) continue;
      rejected.set(def.name, `${def.file}: depends on '${bad}', which was rejected`);
      changed = true;
    }
  }
}

function targetsOf(defs: Map<string, ServiceDefinition>): Map<string, string[]> {
  const targets = new Map<string, string[]>();
  for (const def of defs.values()) for (const t of def.targets) targets.set(t, [...(targets.get(t) ?? []), def.name]);
  return targets;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
