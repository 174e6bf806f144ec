// Tests for src/kernel/lua-pattern.ts: Lua 5.4 pattern matching on bytes with a step budget.
// Every expected value below was checked against the reference interpreter (lua5.4, 5.4.4).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { findMatch, findPlain, isPlainPattern, matchAt, PatternBudgetError, PatternError, type Budget, type PatternMatch } from '../src/kernel/lua-pattern.js';

const bytes = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const text = (b: Uint8Array, start: number, end: number): string => Buffer.from(b.subarray(start, end)).toString('latin1');
const bigBudget = (): Budget => ({ steps: 1e6 });

type LuaValue = string | number;

/** The values Lua's string.find(s, p, init) would return (1-based, end inclusive), or null. */
function luaFind(s: string, p: string, init = 1): LuaValue[] | null {
  const m = findMatch(bytes(s), bytes(p), init - 1, bigBudget());
  return m === null ? null : [m.start + 1, m.end, ...captureValues(bytes(s), m)];
}

function captureValues(subject: Uint8Array, m: PatternMatch): LuaValue[] {
  return m.captures.map((c) => {
    if (c.kind === 'unfinished') throw new Error('unfinished capture');
    return c.kind === 'position' ? c.position : text(subject, c.start, c.end);
  });
}

/** string.gsub(s, p, '<%0>') in Lua 5.4 terms, built on findMatch's skipEndAt. */
function luaGsub(s: string, p: string): [string, number] {
  const subject = bytes(s);
  const anchored = p.startsWith('^');
  let out = '';
  let src = 0;
  let lastEnd = -1;
  let count = 0;
  for (;;) {
    const m = findMatch(subject, bytes(p), src, bigBudget(), lastEnd);
    if (m === null) break;
    out += `${s.slice(src, m.start)}<${s.slice(m.start, m.end)}>`;
    src = lastEnd = m.end;
    count++;
    if (anchored) break;
  }
  return [out + s.slice(src), count];
}

/** string.gmatch(s, p) in Lua 5.4 terms, built on matchAt; captures are joined with '='. */
function luaGmatch(s: string, p: string): string[] {
  const subject = bytes(s);
  const results: string[] = [];
  let lastEnd = -1;
  for (let src = 0; src <= subject.length; ) {
    const m = matchAt(subject, bytes(p), src, bigBudget());
    if (m !== null && m.end !== lastEnd) {
      const caps = captureValues(subject, m);
      results.push(caps.length > 0 ? caps.join('=') : s.slice(m.start, m.end));
      src = lastEnd = m.end;
    } else {
      src++;
    }
  }
  return results;
}

/** The bytes 0..255 that the single-item pattern `item` matches, as Lua-style ranges "a-b,c". */
function matchedByteRanges(item: string): string {
  const pattern = bytes(`^${item}$`);
  const hits = (b: number) => findMatch(Uint8Array.of(b), pattern, 0, bigBudget()) !== null;
  const ranges: string[] = [];
  for (let b = 0; b < 256; b++) {
    if (!hits(b)) continue;
    let e = b;
    while (e + 1 < 256 && hits(e + 1)) e++;
    ranges.push(b === e ? `${b}` : `${b}-${e}`);
    b = e;
  }
  return ranges.join(',');
}

describe('character classes and sets (C locale)', () => {
  const cases: [string, string][] = [
    ['.', '0-255'],
    ['%a', '65-90,97-122'],
    ['%A', '0-64,91-96,123-255'],
    ['%c', '0-31,127'],
    ['%C', '32-126,128-255'],
    ['%d', '48-57'],
    ['%D', '0-47,58-255'],
    ['%g', '33-126'],
    ['%G', '0-32,127-255'],
    ['%l', '97-122'],
    ['%L', '0-96,123-255'],
    ['%p', '33-47,58-64,91-96,123-126'],
    ['%P', '0-32,48-57,65-90,97-122,127-255'],
    ['%s', '9-13,32'],
    ['%S', '0-8,14-31,33-255'],
    ['%u', '65-90'],
    ['%U', '0-64,91-255'],
    ['%w', '48-57,65-90,97-122'],
    ['%W', '0-47,58-64,91-96,123-255'],
    ['%x', '48-57,65-70,97-102'],
    ['%X', '0-47,58-64,71-96,103-255'],
    ['%z', '0'],
    ['%Z', '1-255'],
    ['[a-c]', '97-99'],
    ['[^a-c]', '0-96,100-255'],
    ['[]]', '93'],
    ['[^]]', '0-92,94-255'],
    ['[%]]', '93'],
    ['[a-]', '45,97'],
    ['[-a]', '45,97'],
    ['[a%-z]', '45,97,122'],
    ['[%a-z]', '45,65-90,97-122'],
    ['[%d_x-z]', '48-57,95,120-122'],
    ['[\x80-\xff]', '128-255'],
    ['%]', '93'],
    ['%%', '37'],
    ['%.', '46'],
    ['%q', '113'],
  ];
  it.each(cases)('%s matches bytes %s', (item, expected) => {
    expect(matchedByteRanges(item)).toBe(expected);
  });
});

describe('findMatch agrees with Lua 5.4 string.find', () => {
  const cases: [string, string, number, LuaValue[] | null][] = [
    // literals and quantifiers
    ['hello world', 'o w', 1, [5, 7]],
    ['hello', 'l*', 1, [1, 0]],
    ['hello', 'hel*', 1, [1, 4]],
    ['hello', 'l+', 1, [3, 4]],
    ['hello', 'x+', 1, null],
    ['hello', 'hel-', 1, [1, 2]],
    ['hello', 'hel-o', 1, [1, 5]],
    ['aaab', 'a-b', 1, [1, 4]],
    ['<a><b>', '<.->', 1, [1, 3]],
    ['<a><b>', '<.*>', 1, [1, 6]],
    ['color colour', 'colou?r', 1, [1, 5]],
    ['color colour', 'colou?r', 2, [7, 12]],
    ['abc', 'x?abc', 1, [1, 3]],
    ['abc', 'a?b?c?d?', 1, [1, 3]],
    ['aaa', 'a-', 1, [1, 0]],
    ['aaa', 'a-$', 1, [1, 3]],
    // anchors: '^' only at the pattern start, '$' only at the pattern end
    ['aaa', '^a-', 1, [1, 0]],
    ['hello', '^hel', 1, [1, 3]],
    ['ahello', '^hel', 1, null],
    ['ahello', '^hel', 2, [2, 4]],
    ['hello', 'lo$', 1, [4, 5]],
    ['hello', 'l$', 1, null],
    ['a$b', '$b', 1, [2, 3]],
    ['a$b', 'a$b', 1, [1, 3]],
    ['a^b', 'a^b', 1, [1, 3]],
    ['hello', '^', 1, [1, 0]],
    ['hello', '$', 1, [6, 5]],
    ['^a', '^^a', 1, [1, 2]],
    ['x$', 'x$$', 1, [1, 2]],
    ['hello', '^hello$', 1, [1, 5]],
    ['hello!', '^hello$', 1, null],
    // %b
    ['f(a(b)c) d', '%b()', 1, [2, 8]],
    ['f(a(b c) d', '%b()', 1, [4, 8]],
    ['[[x]] y', '%b[]', 1, [1, 5]],
    ['a)b(c)', '%b()', 1, [4, 6]],
    ['xaayaaz', '%baa', 1, [2, 3]],
    // %f: outside the subject the byte counts as '\0'
    ['THE (quick) fox', '%f[%a]%a+', 1, [1, 3]],
    ['THE (quick) fox', '%f[%l]%a+', 1, [6, 10]],
    ['hello world', '%f[%w]%w+', 2, [7, 11]],
    ['abc', '%f[%w]', 1, [1, 0]],
    ['abc', '%f[%W]', 1, [4, 3]],
    ['abc def', '%f[%W]', 2, [4, 3]],
    ['', '%f[%z]', 1, null],
    ['', '%f[^%z]', 1, null],
    ['', '%f[%W]', 1, null],
    // captures, position captures, back-references
    ['hello world', '(h(.)l)(l)', 1, [1, 4, 'hel', 'e', 'l']],
    ['key=val', '((%w+)=(%w+))', 1, [1, 7, 'key=val', 'key', 'val']],
    ['hello', '()ll()', 1, [3, 4, 3, 5]],
    ['hello', '()', 1, [1, 0, 1]],
    ['hello', '(l)()', 1, [3, 3, 'l', 4]],
    ['say "hi" and \'yo\'', '(["\'])(.-)%1', 1, [5, 8, '"', 'hi']],
    ["it's 'yo'", '([\'"])(.-)%1', 1, [3, 6, "'", 's ']],
    ['abcabc', '(abc)%1', 1, [1, 6, 'abc']],
    ['abab', '(a)(b)%1%2', 1, [1, 4, 'a', 'b']],
    ['aXbXXc', '(X*)b%1', 1, [2, 4, 'X']],
    ['aa', '()a%1', 1, null], // a position capture never matches as text
    // empty pattern, init at the end of the subject
    ['abc', '', 1, [1, 0]],
    ['abc', '', 4, [4, 3]],
    ['abc', 'c', 4, null],
    ['abc', '$', 4, [4, 3]],
    ['', '', 1, [1, 0]],
    ['abc', '()', 4, [4, 3, 4]],
    ['', '^$', 1, [1, 0]],
    ['', '.*', 1, [1, 0]],
    // bytes
    ['\x00\x0a\xff', '.+', 1, [1, 3]],
    ['\xe9t\xe9', '%a+', 1, [2, 2]],
    ['\xe9t\xe9', '%A+', 1, [1, 1]],
    ['a\x00b', '%z', 1, [2, 2]],
    ['a\x00b', '\x00b', 1, [2, 3]],
    ['a.b', '%.', 1, [2, 2]],
    ['50%', '%d+%%', 1, [1, 3]],
    // typical line parsing
    ['  trim me  ', '^%s*(.-)%s*$', 1, [1, 11, 'trim me']],
    ['name = value  ', '^(%w+)%s*=%s*(.-)%s*$', 1, [1, 14, 'name', 'value']],
  ];
  it.each(cases)('find(%j, %j, %d)', (s, p, init, expected) => {
    expect(luaFind(s, p, init)).toEqual(expected);
  });

  it('reports 0-based offsets and typed captures', () => {
    const m = findMatch(bytes('x = 42'), bytes('(%w+) = ()(%d+)'), 0, bigBudget());
    expect(m).toEqual({
      start: 0,
      end: 6,
      captures: [
        { kind: 'string', start: 0, end: 1 },
        { kind: 'position', position: 5 },
        { kind: 'string', start: 4, end: 6 },
      ],
    });
  });

  it('finds nothing when init is past the end of the subject', () => {
    expect(findMatch(bytes('abc'), bytes(''), 4, bigBudget())).toBeNull();
  });
});

describe('skipEndAt (gsub/gmatch empty-match rule of Lua 5.4)', () => {
  it('rejects a match ending at skipEndAt and moves on to the next start', () => {
    expect(findMatch(bytes('abc'), bytes('b*'), 1, bigBudget(), 2)).toEqual({ start: 3, end: 3, captures: [] });
    expect(findMatch(bytes('abc'), bytes('c*'), 1, bigBudget(), 1)).toEqual({ start: 2, end: 3, captures: [] });
    expect(findMatch(bytes('abc'), bytes('%w*'), 3, bigBudget(), 3)).toBeNull();
    expect(findMatch(bytes('abc'), bytes('b*'), 1, bigBudget(), -1)).toEqual({ start: 1, end: 2, captures: [] });
  });

  const gsubCases: [string, string, string, number][] = [
    ['abc', 'b*', '<>a<b>c<>', 3],
    ['abc', '%w*', '<abc>', 1],
    ['hello world', 'o*', '<>h<>e<>l<>l<o> <>w<o>r<>l<>d<>', 10],
    ['abc', '', '<>a<>b<>c<>', 4],
    ['hello world', '^h', '<h>ello world', 1],
    ['hello', '^x*', '<>hello', 1],
    ['a,b,,c', '[^,]*', '<a>,<b>,<>,<c>', 4],
    ['one two', '(%w+)', '<one> <two>', 2],
    ['a b', '^%s*', '<>a b', 1],
    ['a\x00b\x00', '%z', 'a<\x00>b<\x00>', 2],
  ];
  it.each(gsubCases)('gsub(%j, %j, "<%%0>")', (s, p, out, n) => {
    expect(luaGsub(s, p)).toEqual([out, n]);
  });
});

describe('matchAt (gmatch-style: no scanning, leading ^ is literal)', () => {
  it('matches only at the given offset', () => {
    expect(matchAt(bytes('hello'), bytes('l+'), 2, bigBudget())).toEqual({ start: 2, end: 4, captures: [] });
    expect(matchAt(bytes('hello'), bytes('l+'), 1, bigBudget())).toBeNull();
    expect(matchAt(bytes('hello'), bytes(''), 5, bigBudget())).toEqual({ start: 5, end: 5, captures: [] });
    expect(matchAt(bytes('hello'), bytes(''), 6, bigBudget())).toBeNull();
  });

  it("treats a leading '^' as a literal byte", () => {
    expect(matchAt(bytes('^a'), bytes('^a'), 0, bigBudget())).toEqual({ start: 0, end: 2, captures: [] });
    expect(matchAt(bytes('a'), bytes('^a'), 0, bigBudget())).toBeNull();
  });

  const gmatchCases: [string, string, string[]][] = [
    ['one two  three', '%a+', ['one', 'two', 'three']],
    ['abc', '', ['', '', '', '']],
    ['abc', 'b*', ['', 'b', '']],
    ['^a^b', '^.', ['^a', '^b']],
    ['k1=v1, k2=v2', '(%w+)=(%w+)', ['k1=v1', 'k2=v2']],
    ['a,b,,c', '[^,]*', ['a', 'b', '', 'c']],
  ];
  it.each(gmatchCases)('gmatch(%j, %j)', (s, p, expected) => {
    expect(luaGmatch(s, p)).toEqual(expected);
  });
});

describe('malformed patterns', () => {
  const cases: [string, string, string][] = [
    ['abc', 'a%', "malformed pattern (ends with '%')"],
    ['abc', '[a', "malformed pattern (missing ']')"],
    ['abc', '[%', "malformed pattern (missing ']')"],
    ['abc', '[]', "malformed pattern (missing ']')"],
    ['abc', '[^]', "malformed pattern (missing ']')"],
    ['abc', '%f', "missing '[' after '%f' in pattern"],
    ['abc', '%fa', "missing '[' after '%f' in pattern"],
    ['abc', '(a)%2', 'invalid capture index %2'],
    ['abc', '%0', 'invalid capture index %0'],
    ['abc', '(a%1)', 'invalid capture index %1'],
    ['abc', 'a)', 'invalid pattern capture'],
    ['abc', '%b', "malformed pattern (missing arguments to '%b')"],
    ['abc', '%ba', "malformed pattern (missing arguments to '%b')"],
    ['a'.repeat(300), 'a?'.repeat(200), 'pattern too complex'],
    ['abc', '()'.repeat(33), 'too many captures'],
  ];
  it.each(cases)('find(%j, %j) throws %j', (s, p, message) => {
    const attempt = () => findMatch(bytes(s), bytes(p), 0, bigBudget());
    expect(attempt).toThrow(PatternError);
    expect(attempt).toThrow(message);
  });

  it('stays just inside the limits', () => {
    expect(luaFind('a'.repeat(300), 'a?'.repeat(199))).toEqual([1, 199]);
    expect(luaFind('abc', '()'.repeat(32))?.length).toBe(2 + 32);
  });

  it('reports errors lazily, only where the matcher reaches them (as Lua does)', () => {
    expect(luaFind('b', 'a%')).toBeNull();
    expect(luaFind('xyz', '(a')).toBeNull();
    // a match that leaves a capture open keeps it unfinished: reading it is the error (string-library.ts)
    expect(findMatch(bytes('abc'), bytes('(a'), 0, bigBudget())?.captures).toEqual([{ kind: 'unfinished' }]);
  });
});

describe('step budget', () => {
  it('stops the pathological backtracking case quickly', () => {
    const attempt = () => findMatch(bytes('a'.repeat(10000)), bytes('.-.-.-.-b$'), 0, { steps: 1e7 });
    expect(attempt).toThrow(PatternBudgetError);
    expect(attempt).toThrow('too long without yielding (pattern matching)');
  });

  it('charges ordinary matches on the order of the subject length', () => {
    const line = bytes(`name   =   ${'value with words, 12345 and; punctuation '.repeat(3).slice(0, 87)}  `);
    expect(line.length).toBe(100);
    const budget: Budget = { steps: 1e7 };
    const m = findMatch(line, bytes('^(%w+)%s*=%s*(.-)%s*$'), 0, budget);
    expect(m?.captures.length).toBe(2);
    const used = 1e7 - budget.steps;
    expect(used).toBeGreaterThan(0);
    expect(used).toBeLessThan(10 * line.length);
  });

  it('is decremented in place and shared across calls', () => {
    const budget: Budget = { steps: 50 };
    expect(findMatch(bytes('abc'), bytes('b'), 0, budget)).not.toBeNull();
    expect(budget.steps).toBeLessThan(50);
    expect(() => {
      for (;;) findMatch(bytes('abc'), bytes('b'), 0, budget);
    }).toThrow(PatternBudgetError);
    expect(budget.steps).toBeLessThan(0);
  });

  it('throws at once on an empty budget, and is not a PatternError', () => {
    const attempt = () => matchAt(bytes('abc'), bytes('a'), 0, { steps: 0 });
    expect(attempt).toThrow(PatternBudgetError);
    expect(attempt).not.toThrow(PatternError);
  });
});

describe('plain search', () => {
  it('isPlainPattern knows Lua’s special bytes', () => {
    expect(isPlainPattern(bytes('hello world'))).toBe(true);
    expect(isPlainPattern(bytes(''))).toBe(true);
    expect(isPlainPattern(bytes('a)b]c'))).toBe(true);
    for (const special of '^$*+?.([%-') expect(isPlainPattern(bytes(`a${special}b`))).toBe(false);
  });

  it('findPlain returns 0-based starts or -1', () => {
    expect(findPlain(bytes('hello world'), bytes('o'), 0)).toBe(4);
    expect(findPlain(bytes('hello world'), bytes('o'), 5)).toBe(7);
    expect(findPlain(bytes('hello world'), bytes('world!'), 0)).toBe(-1);
    expect(findPlain(bytes('a.b'), bytes('.'), 0)).toBe(1);
    expect(findPlain(bytes('abc'), bytes(''), 3)).toBe(3);
    expect(findPlain(bytes('abc'), bytes(''), 4)).toBe(-1);
    expect(findPlain(bytes('abc'), bytes('c'), 3)).toBe(-1);
  });

  const subjectArb = fc.uint8Array({ maxLength: 40 }).map((a) => a.map((b) => 0x61 + (b % 3))); // over "abc"
  const needleArb = fc.uint8Array({ maxLength: 4 }).map((a) => a.map((b) => 0x61 + (b % 3)));

  it('findMatch agrees with findPlain for patterns without specials', () => {
    fc.assert(
      fc.property(subjectArb, needleArb, fc.nat(45), (subject, needle, init) => {
        const at = findPlain(subject, needle, init);
        const m = findMatch(subject, needle, init, bigBudget());
        expect(m === null ? -1 : m.start).toBe(at);
        if (m !== null) expect(m.end).toBe(m.start + needle.length);
      }),
    );
  });

  it('arbitrary plain byte patterns (except a stray ")") match as substrings', () => {
    const plainArb = fc.uint8Array({ maxLength: 3 }).filter((p) => isPlainPattern(p) && !p.includes(0x29));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 30 }), plainArb, (subject, needle) => {
        const m = findMatch(subject, needle, 0, bigBudget());
        expect(m === null ? -1 : m.start).toBe(findPlain(subject, needle, 0));
      }),
    );
  });

  it('a needle with every non-alphanumeric byte %-escaped finds the same place', () => {
    const percentEscaped = (needle: Uint8Array): Uint8Array =>
      Uint8Array.from([...needle].flatMap((b) => (/[0-9A-Za-z]/.test(String.fromCharCode(b)) ? [b] : [0x25, b])));
    const byteArb = fc.constantFrom(...bytes('ab%.()[]^$*+-?\x00\xff'));
    fc.assert(
      fc.property(fc.array(byteArb, { maxLength: 30 }), fc.array(byteArb, { maxLength: 3 }), (s, n) => {
        const subject = Uint8Array.from(s);
        const needle = Uint8Array.from(n);
        const m = findMatch(subject, percentEscaped(needle), 0, bigBudget());
        expect(m === null ? -1 : m.start).toBe(findPlain(subject, needle, 0));
      }),
    );
  });
});
