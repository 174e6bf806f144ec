// The peripheral types thox knows, by the name `--peripheral SIDE=NAME` gives: every module in the types/ folder is
// loaded at start and must export at least one PeripheralType, so adding a type is one new file and nothing else.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PeripheralType } from './types.js';

/** The folder of the type modules (beside this file: src/... under the tests, dist/... when built). */
export const TYPES_FOLDER = fileURLToPath(new URL('./types/', import.meta.url));

/** A module file of a types folder: compiled JavaScript or TypeScript source, not declarations or maps. */
function isModuleFile(name: string): boolean {
  return /\.(js|ts)$/.test(name) && !name.endsWith('.d.ts');
}

/** Whether an export is a peripheral type: an object with a string `name` and a `create` function. */
function isPeripheralType(value: unknown): value is PeripheralType {
  return (
    typeof value === 'object' && value !== null && 'name' in value && typeof value.name === 'string' && 'create' in value && typeof value.create === 'function'
  );
}

/**
 * The types exported by the modules of `folder`, sorted by name. A module exporting none, or a name given twice,
 * is an error naming the file.
 */
export async function loadPeripheralTypes(folder: string): Promise<ReadonlyMap<string, PeripheralType>> {
  const types = new Map<string, PeripheralType>();
  for (const name of readdirSync(folder).filter(isModuleFile).sort()) {
    const file = join(folder, name);
    const found = Object.values(await import(file)).filter(isPeripheralType);
    if (found.length === 0) throw new Error(`peripheral type module '${file}' exports no PeripheralType (an object with a name and a create function)`);
    for (const type of found) {
      if (types.has(type.name)) throw new Error(`peripheral type module '${file}': the type name '${type.name}' is taken by another module`);
      types.set(type.name, type);
    }
  }
  return new Map([...types].sort(([a], [b]) => (a < b ? -1 : 1)));
}

export const PERIPHERAL_TYPES: ReadonlyMap<string, PeripheralType> = await loadPeripheralTypes(TYPES_FOLDER);

/** The type named `name`; an unknown name is refused with the known ones. */
export function peripheralType(name: string): PeripheralType {
  const type = PERIPHERAL_TYPES.get(name);
  if (!type) throw new RangeError(`unknown peripheral type '${name}' (known: ${[...PERIPHERAL_TYPES.keys()].join(', ')})`);
  return type;
}
