// Colours for a real terminal: how deep the host's colour is (from COLORTERM and TERM), and the SGR
// parameters that show a 0xRRGGBB colour at that depth (exact, nearest of 256, or nearest of 16).

export type ColourDepth = 'truecolor' | '256' | '16';

/** True colour when COLORTERM says so, 256 colours when TERM does, else the 16 every terminal has. */
export function colourDepth(env: NodeJS.ProcessEnv): ColourDepth {
  const colorterm = (env.COLORTERM ?? '').toLowerCase();
  if (colorterm === 'truecolor' || colorterm === '24bit') return 'truecolor';
  return /256/.test(env.TERM ?? '') ? '256' : '16';
}

/** xterm's default values of the 16 standard colours (SGR 30-37, then 90-97 bright). */
const ANSI_16 = [
  0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5, 0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff,
  0xffffff,
];
/** The levels of each channel in the 6x6x6 cube of the 256-colour palette (indices 16-231). */
const CUBE = [0, 95, 135, 175, 215, 255];

function channels(rgb: number): [number, number, number] {
  return [(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff];
}

function distance(a: number, b: number): number {
  const [r1, g1, b1] = channels(a);
  const [r2, g2, b2] = channels(b);
  return (r1 - r2) ** 2 + (g1 - g2) ** 2 + (b1 - b2) ** 2;
}

function nearestLevel(v: number): number {
  let best = 0;
  for (let i = 1; i < CUBE.length; i++) if (Math.abs(CUBE[i] - v) < Math.abs(CUBE[best] - v)) best = i;
  return best;
}

/** The 256-colour index nearest to a colour: the nearest cube colour or grey (232-255: 8, 18, ... 238). */
export function nearest256(rgb: number): number {
  const [r, g, b] = channels(rgb).map(nearestLevel);
  const cube = 16 + 36 * r + 6 * g + b;
  const cubeRgb = (CUBE[r] << 16) | (CUBE[g] << 8) | CUBE[b];
  const [cr, cg, cb] = channels(rgb);
  const step = Math.max(0, Math.min(23, Math.round(((cr + cg + cb) / 3 - 8) / 10)));
  const level = 8 + 10 * step;
  const grey = (level << 16) | (level << 8) | level;
  return distance(rgb, grey) < distance(rgb, cubeRgb) ? 232 + step : cube;
}

/** The index (0-15) of the standard colour nearest to a colour. */
export function nearest16(rgb: number): number {
  let best = 0;
  for (let i = 1; i < ANSI_16.length; i++) if (distance(rgb, ANSI_16[i]) < distance(rgb, ANSI_16[best])) best = i;
  return best;
}

/** The SGR parameters that set the foreground (or background) to a colour at a depth. */
export function sgrColour(rgb: number, depth: ColourDepth, background: boolean): string {
  if (depth === 'truecolor') return `${background ? 48 : 38};2;${channels(rgb).join(';')}`;
  if (depth === '256') return `${background ? 48 : 38};5;${nearest256(rgb)}`;
  const i = nearest16(rgb);
  return String((background ? 40 : 30) + (i < 8 ? i : 60 + i - 8));
}
