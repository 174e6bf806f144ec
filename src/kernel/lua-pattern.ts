// Lua 5.4 string pattern matching (reference manual §6.4.1) over byte strings,
// with a step budget so that no match call can run unboundedly long.
//
// Clean-room implementation written from the manual's description (plus the
// deprecated `%z` class, which real Lua 5.4 still accepts). Subjects and
// patterns are Uint8Arrays; character classes use the C locale (ASCII), so
// bytes >= 128 belong to no class (and therefore to every complemented class).
//
// STEP BUDGET. Every match call is charged against a caller-supplied
// `Budget`; one step is:
//   - entering the matcher, i.e. each start position tried and each recursive
//     sub-match (captures, the `?`, `*`, `+`, `-` quantifiers' alternatives:
//     every backtracking attempt is one such entry);
//   - each test of one subject byte against a single-character class item
//     (`.`, `%a`, `[set]`, a literal byte), including those made while
//     counting a greedy run;
//   - each subject byte scanned by `%bxy`, each byte compared by a
//     back-reference `%1`..`%9` (at least one step), and each `%f` test.
// So a linear match costs a small constant times the subject length
// (427 steps, about 4 us, for `^(%w+)%s*=%s*(.-)%s*$` on a 100-byte line),
// while backtracking blow-ups exhaust the budget and raise PatternBudgetError
// (1e7 steps take roughly 50-70 ms).
//
// Anchors: findMatch honours a leading '^' (one attempt only), as
// string.find/match/gsub do. matchAt never treats '^' specially: a leading
// '^' is an ordinary literal byte there, as in Lua 5.4's string.gmatch.
//
// Malformed-pattern errors are raised lazily, like Lua: only when the matcher
// actually reaches the bad part of the pattern (string.find("b", "a%") is
// nil, string.find("a", "a%") is an error). A successful match that leaves a
// capture open ("(a") keeps it as 'unfinished': as in Lua, "unfinished
// capture" is raised only when that capture's value is read (gsub with a "%0"
// replacement never reads it).

export type Capture = { kind: 'string'; start: number; end: number } | { kind: 'position'; position: number } | { kind: 'unfinished' };

export interface PatternMatch {
  start: number;
  end: number;
  captures: Capture[];
}

export class PatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatternError';
  }
}

export class PatternBudgetError extends Error {
  constructor() {
    super('too long without yielding (pattern matching)');
    this.name = 'PatternBudgetError';
  }
}

export interface Budget {
  steps: number;
}

const MAX_CAPTURES = 32;
const MAX_DEPTH = 200;
const FAIL = -1;
const CAP_UNFINISHED = -1;
const CAP_POSITION = -2;

const PERCENT = 0x25; // %
const LPAREN = 0x28; // (
const RPAREN = 0x29; // )
const STAR = 0x2a; // *
const PLUS = 0x2b; // +
const MINUS = 0x2d; // -
const DOT = 0x2e; // .
const QUESTION = 0x3f; // ?
const DOLLAR = 0x24; // $
const LBRACKET = 0x5b; // [
const RBRACKET = 0x5d; // ]
const CARET = 0x5e; // ^
const DIGIT_1 = 0x31;
const LOWER_B = 0x62;
const LOWER_F = 0x66;

/** Lua's SPECIALS: the bytes that make a pattern more than a plain string. */
const SPECIALS = new Set([...'^$*+?.([%-'].map((ch) => ch.charCodeAt(0)));

// ---------------------------------------------------------------------------
// Character classes (C locale)

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isLower = (c: number): boolean => c >= 0x61 && c <= 0x7a;
const isUpper = (c: number): boolean => c >= 0x41 && c <= 0x5a;
const isAlpha = (c: number): boolean => isLower(c) || isUpper(c);
const isAlnum = (c: number): boolean => isAlpha(c) || isDigit(c);
const isControl = (c: number): boolean => c < 0x20 || c === 0x7f;
const isGraph = (c: number): boolean => c > 0x20 && c < 0x7f;
const isPunct = (c: number): boolean => isGraph(c) && !isAlnum(c);
const isSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

const CLASS_TESTS: ReadonlyMap<number, (c: number) => boolean> = new Map([
  [0x61, isAlpha], // a
  [0x63, isControl], // c
  [0x64, isDigit], // d
  [0x67, isGraph], // g
  [0x6c, isLower], // l
  [0x70, isPunct], // p
  [0x73, isSpace], // s
  [0x75, isUpper], // u
  [0x77, isAlnum], // w
  [0x78, isHex], // x
  [0x7a, (c) => c === 0], // z: deprecated in 5.2 but still accepted by Lua 5.4
]);

/** Does byte `c` match the escape `%cls`? Unknown letters and non-letters match themselves. */
function classMatches(cls: number, c: number): boolean {
  const test = CLASS_TESTS.get(isUpper(cls) ? cls + 0x20 : cls);
  if (test === undefined) return cls === c;
  return isUpper(cls) ? !test(c) : test(c);
}

// ---------------------------------------------------------------------------
// The matcher: one instance per match call, holding the capture state.

class Matcher {
  private level = 0;
  private depth = 0;
  private readonly capStart: number[] = [];
  private readonly capLen: number[] = [];

  constructor(
    private readonly src: Uint8Array,
    private readonly pat: Uint8Array,
    private readonly budget: Budget,
  ) {}

  /** Try to match the pattern from pattern offset `p` at subject offset `s`; returns the end or FAIL. */
  attempt(s: number, p: number): number {
    this.level = 0;
    this.depth = 0;
    return this.match(s, p);
  }

  /** Build the public result of a successful attempt. */
  result(start: number, end: number): PatternMatch {
    const captures: Capture[] = [];
    for (let i = 0; i < this.level; i++) captures.push(this.capture(i));
    return { start, end, captures };
  }

  private capture(i: number): Capture {
    const start = this.capStart[i]!;
    const len = this.capLen[i]!;
    if (len === CAP_UNFINISHED) return { kind: 'unfinished' };
    if (len === CAP_POSITION) return { kind: 'position', position: start + 1 };
    return { kind: 'string', start, end: start + len };
  }

  private tick(steps = 1): void {
    this.budget.steps -= steps;
    if (this.budget.steps < 0) throw new PatternBudgetError();
  }

  /** Match pattern[p..] at subject offset s, returning the match end or FAIL. */
  private match(s: number, p: number): number {
    this.tick();
    if (++this.depth > MAX_DEPTH) throw new PatternError('pattern too complex');
    const end = this.matchLoop(s, p);
    this.depth--;
    return end;
  }

  /** The body of `match`: items that need no backtracking are handled by looping. */
  private matchLoop(s: number, p: number): number {
    const pat = this.pat;
    for (;;) {
      if (p === pat.length) return s;
      const c = pat[p]!;
      if (c === LPAREN) return this.startCapture(s, p);
      if (c === RPAREN) return this.endCapture(s, p);
      if (c === DOLLAR && p + 1 === pat.length) return s === this.src.length ? s : FAIL;
      if (c === PERCENT && pat[p + 1] === LOWER_B) {
        s = this.matchBalance(s, p + 2);
        if (s === FAIL) return FAIL;
        p += 4;
        continue;
      }
      if (c === PERCENT && pat[p + 1] === LOWER_F) {
        const ep = this.matchFrontier(s, p + 2);
        if (ep === FAIL) return FAIL;
        p = ep;
        continue;
      }
      if (c === PERCENT && isDigit(pat[p + 1] ?? 0)) {
        s = this.matchBackReference(s, pat[p + 1]!);
        if (s === FAIL) return FAIL;
        p += 2;
        continue;
      }
      // A single-character class, optionally followed by a quantifier.
      const ep = this.classEnd(p);
      const op = pat[ep];
      if (!this.singleMatch(s, p, ep)) {
        if (op !== STAR && op !== QUESTION && op !== MINUS) return FAIL;
        p = ep + 1; // these quantifiers accept zero repetitions
        continue;
      }
      switch (op) {
        case QUESTION: {
          const end = this.match(s + 1, ep + 1);
          if (end !== FAIL) return end;
          p = ep + 1;
          continue;
        }
        case PLUS:
          return this.maxExpand(s + 1, p, ep);
        case STAR:
          return this.maxExpand(s, p, ep);
        case MINUS:
          return this.minExpand(s, p, ep);
        default:
          s++;
          p = ep;
      }
    }
  }

  /** Offset just past the single-character class starting at pattern offset p. */
  private classEnd(p: number): number {
    const pat = this.pat;
    const c = pat[p++]!;
    if (c === PERCENT) {
      if (p >= pat.length) throw new PatternError("malformed pattern (ends with '%')");
      return p + 1;
    }
    if (c !== LBRACKET) return p;
    if (pat[p] === CARET) p++;
    // The first set member is never the closing ']', so `[]]` and `[^]]` work.
    do {
      if (p >= pat.length) throw new PatternError("malformed pattern (missing ']')");
      const member = pat[p++];
      if (member === PERCENT && p < pat.length) p++;
    } while (pat[p] !== RBRACKET);
    return p + 1;
  }

  /** Does subject byte s match the class pat[p..ep)? False at the end of the subject. */
  private singleMatch(s: number, p: number, ep: number): boolean {
    this.tick();
    if (s >= this.src.length) return false;
    const c = this.src[s]!;
    const item = this.pat[p]!;
    if (item === DOT) return true;
    if (item === PERCENT) return classMatches(this.pat[p + 1]!, c);
    if (item === LBRACKET) return this.setMatches(c, p, ep - 1);
    return item === c;
  }

  /** Does byte c belong to the set whose '[' is at `open` and ']' at `close`? */
  private setMatches(c: number, open: number, close: number): boolean {
    const pat = this.pat;
    let i = open + 1;
    const negated = pat[i] === CARET;
    if (negated) i++;
    for (; i < close; i++) {
      const member = pat[i]!;
      if (member === PERCENT) {
        i++;
        if (classMatches(pat[i]!, c)) return !negated;
      } else if (pat[i + 1] === MINUS && i + 2 < close) {
        if (member <= c && c <= pat[i + 2]!) return !negated;
        i += 2;
      } else if (member === c) {
        return !negated;
      }
    }
    return negated;
  }

  /** Greedy: take as many repetitions as possible, then give them back one by one. */
  private maxExpand(s: number, p: number, ep: number): number {
    let count = 0;
    while (this.singleMatch(s + count, p, ep)) count++;
    for (; count >= 0; count--) {
      const end = this.match(s + count, ep + 1);
      if (end !== FAIL) return end;
    }
    return FAIL;
  }

  /** Lazy: try the rest of the pattern first, taking one more repetition each time it fails. */
  private minExpand(s: number, p: number, ep: number): number {
    for (;;) {
      const end = this.match(s, ep + 1);
      if (end !== FAIL) return end;
      if (!this.singleMatch(s, p, ep)) return FAIL;
      s++;
    }
  }

  private startCapture(s: number, p: number): number {
    if (this.level >= MAX_CAPTURES) throw new PatternError('too many captures');
    const isPosition = this.pat[p + 1] === RPAREN;
    this.capStart[this.level] = s;
    this.capLen[this.level] = isPosition ? CAP_POSITION : CAP_UNFINISHED;
    this.level++;
    const end = this.match(s, isPosition ? p + 2 : p + 1);
    if (end === FAIL) this.level--;
    return end;
  }

  private endCapture(s: number, p: number): number {
    const l = this.captureToClose();
    this.capLen[l] = s - this.capStart[l]!;
    const end = this.match(s, p + 1);
    if (end === FAIL) this.capLen[l] = CAP_UNFINISHED;
    return end;
  }

  /** The innermost capture still open. */
  private captureToClose(): number {
    for (let l = this.level - 1; l >= 0; l--) {
      if (this.capLen[l] === CAP_UNFINISHED) return l;
    }
    throw new PatternError('invalid pattern capture');
  }

  /** `%bxy` with pattern offset p at x: a balanced run from x to the matching y. */
  private matchBalance(s: number, p: number): number {
    if (p + 1 >= this.pat.length) {
      throw new PatternError("malformed pattern (missing arguments to '%b')");
    }
    const open = this.pat[p]!;
    const close = this.pat[p + 1]!;
    this.tick();
    if (s >= this.src.length || this.src[s] !== open) return FAIL;
    let depth = 1;
    for (let i = s + 1; i < this.src.length; i++) {
      this.tick();
      const c = this.src[i]!;
      if (c === close) {
        if (--depth === 0) return i + 1;
      } else if (c === open) {
        depth++;
      }
    }
    return FAIL;
  }

  /** `%f[set]` with pattern offset p at '[': returns the pattern offset after the set, or FAIL. */
  private matchFrontier(s: number, p: number): number {
    if (this.pat[p] !== LBRACKET) throw new PatternError("missing '[' after '%f' in pattern");
    const ep = this.classEnd(p);
    this.tick();
    // Outside the subject (before its start, at its end) the byte is taken to be '\0'.
    const previous = s === 0 ? 0 : this.src[s - 1]!;
    const current = s < this.src.length ? this.src[s]! : 0;
    const isFrontier = !this.setMatches(previous, p, ep - 1) && this.setMatches(current, p, ep - 1);
    return isFrontier ? ep : FAIL;
  }

  /** `%1`..`%9`: the same bytes as an earlier, closed capture. */
  private matchBackReference(s: number, digit: number): number {
    const l = digit - DIGIT_1;
    if (l < 0 || l >= this.level || this.capLen[l] === CAP_UNFINISHED) {
      throw new PatternError(`invalid capture index %${l + 1}`);
    }
    const len = this.capLen[l]!;
    if (len === CAP_POSITION) return FAIL; // Lua: a position capture never matches as text
    this.tick(Math.max(1, len));
    if (this.src.length - s < len) return FAIL;
    const start = this.capStart[l]!;
    for (let i = 0; i < len; i++) {
      if (this.src[start + i] !== this.src[s + i]) return FAIL;
    }
    return s + len;
  }
}

// ---------------------------------------------------------------------------
// Public API

/**
 * Search like string.find/match: try each start position from `init` (0-based,
 * may equal subject.length; larger values find nothing, negative ones count as 0),
 * honouring a leading '^' anchor (only one attempt). A match ending exactly at
 * `skipEndAt` (when >= 0) is rejected and the search moves on to the next start.
 */
export function findMatch(subject: Uint8Array, pattern: Uint8Array, init: number, budget: Budget, skipEndAt = -1): PatternMatch | null {
  if (init > subject.length) return null;
  const anchored = pattern[0] === CARET;
  const matcher = new Matcher(subject, pattern, budget);
  for (let s = Math.max(0, init); s <= subject.length; s++) {
    const end = matcher.attempt(s, anchored ? 1 : 0);
    if (end !== FAIL && end !== skipEndAt) return matcher.result(s, end);
    if (anchored) break;
  }
  return null;
}

/**
 * Match only at offset `at` (no scanning). A leading '^' is NOT an anchor here but
 * a literal byte, exactly as in Lua 5.4's string.gmatch; gsub-style anchoring is
 * what findMatch provides.
 */
export function matchAt(subject: Uint8Array, pattern: Uint8Array, at: number, budget: Budget): PatternMatch | null {
  if (at < 0 || at > subject.length) return null;
  const matcher = new Matcher(subject, pattern, budget);
  const end = matcher.attempt(at, 0);
  return end === FAIL ? null : matcher.result(at, end);
}

/** Plain substring search from `init`; returns the 0-based start or -1. */
export function findPlain(subject: Uint8Array, needle: Uint8Array, init: number): number {
  const from = Math.max(0, init);
  if (from > subject.length) return -1;
  if (needle.length === 0) return from;
  const last = subject.length - needle.length;
  for (let i = subject.indexOf(needle[0]!, from); i !== -1 && i <= last; i = subject.indexOf(needle[0]!, i + 1)) {
    if (bytesEqualAt(subject, i, needle)) return i;
  }
  return -1;
}

function bytesEqualAt(subject: Uint8Array, at: number, needle: Uint8Array): boolean {
  for (let j = 1; j < needle.length; j++) {
    if (subject[at + j] !== needle[j]) return false;
  }
  return true;
}

/** True when the pattern contains none of Lua's special bytes ^$*+?.([%- */
export function isPlainPattern(pattern: Uint8Array): boolean {
  return !pattern.some((byte) => SPECIALS.has(byte));
}
