// The space several computers in one thox share: where each computer stands (for wireless distance) and the
// modem network that carries transmissions between the modems attached to them.
import type { LuaValue } from '../../vm/vm.js';

/** Blocks between neighbouring computers: computer n stands at (SPACING * n, 0, 0). */
export const SPACING = 8;
/** How far a wireless transmission reaches, in blocks (CC's default modem range). */
export const WIRELESS_RANGE = 64;

/** A modem as the network sees it. */
export interface ModemEnd {
  readonly computer: number;
  readonly wireless: boolean;
  isOpen(channel: number): boolean;
  /** A message for it: on `channel`, answer on `replyChannel`, from `distance` blocks away (wired: null). */
  receive(channel: number, replyChannel: number, message: LuaValue, distance: number | null): void;
}

export class World {
  private readonly modems = new Set<ModemEnd>();

  /** Where computer `id` stands. */
  position(id: number): [number, number, number] {
    return [SPACING * id, 0, 0];
  }

  join(modem: ModemEnd): void {
    this.modems.add(modem);
  }

  leave(modem: ModemEnd): void {
    this.modems.delete(modem);
  }

  /**
   * Carries a transmission from `from` to every other modem of its kind listening on `channel`: wired ones all
   * (one cable joins them), wireless ones within range, told the distance. Returns how many received it.
   */
  transmit(from: ModemEnd, channel: number, replyChannel: number, message: LuaValue): number {
    let reached = 0;
    for (const to of this.modems) {
      if (to === from || to.wireless !== from.wireless || !to.isOpen(channel)) continue;
      const distance = from.wireless ? this.distance(from.computer, to.computer) : null;
      if (distance !== null && distance > WIRELESS_RANGE) continue;
      to.receive(channel, replyChannel, message, distance);
      reached++;
    }
    return reached;
  }

  private distance(a: number, b: number): number {
    const [p, q] = [this.position(a), this.position(b)];
    return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
  }
}
