import { it } from 'vitest';
import { runCraftos, VMS } from './craftos-helpers.js';
const SRC = process.env.PROBE ?? '';
it.each(VMS)('probe %s', async (vm) => {
  const r = await runCraftos(SRC, { vm, termSize: { width: 200, height: 40 }, yieldTimeout: Number(process.env.YT ?? 7) });
  console.log(vm, JSON.stringify(r.screen), r.stdout, r.stderr, JSON.stringify(r.exit));
}, 120000);
