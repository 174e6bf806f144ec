// The file system's path rules: sanitising as CraftOS does it, refusal of hostile paths, wildcards for find,
// and a property: whatever a program writes, a resolved path has no '..', no separators and no control characters.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FsError } from '../src/devices/fs-errors.js';
import { combine, display, getDir, getName, isVisibleName, MAX_DEPTH, matchWildcard, normalise, resolve } from '../src/devices/fs-paths.js';

function refusal(path: string): string {
  try {
    resolve(path);
  } catch (e) {
    if (e instanceof FsError) return e.message;
    throw e;
  }
  throw new Error(`'${path}' was not refused`);
}

describe('path rules', () => {
  it('normalises as CraftOS combine, getName and getDir do', () => {
    expect(normalise('/a//b/./c/../d/')).toBe('a/b/d');
    expect(normalise('a\\b')).toBe('a/b');
    expect(combine('a', '..', '..', 'b')).toBe('../b');
    expect(combine('rom/', '/*.lua')).toBe('rom/*.lua');
    expect([getName(''), getName('a/b.txt'), getName('/')]).toEqual(['root', 'b.txt', 'root']);
    expect([getDir(''), getDir('a'), getDir('a/b/c'), getDir('..')]).toEqual(['..', '', 'a/b', '../..']);
    expect([combine('a?b', 'c:d\u0000'), getName('x/a*"b'), normalise(' a / ... / b ')]).toEqual(['a?b/cd', 'a*b', 'a/b']);
  });

  it('drops what CraftOS drops: control characters, "*:<>?| (keeping * and ? for find), spaces around names', () => {
    expect(resolve('a/\u0000b')).toEqual(['a', 'b']);
    expect(resolve('a\nb')).toEqual(['ab']);
    expect(resolve('a:b|c"d<e>f')).toEqual(['abcdef']);
    expect(resolve('*.lua')).toEqual(['.lua']);
    expect(resolve('rom/*.lua', { wildcards: true })).toEqual(['rom', '*.lua']);
    expect(resolve('x\u007f')).toEqual(['x\u007f']); // DEL is kept, as CraftOS keeps it
    expect(resolve(' a /.../ b. ')).toEqual(['a', 'b.']);
    expect(resolve('x'.repeat(300))).toEqual(['x'.repeat(255)]);
    expect(display('a\u0000b?')).toBe('/ab');
  });

  it('resolves absolute paths from the virtual root, never from the host', () => {
    expect(resolve('/etc/passwd')).toEqual(['etc', 'passwd']);
    expect(resolve('a/../b/./../c')).toEqual(['c']);
  });

  it('refuses hostile paths with one line in CraftOS words', () => {
    expect(refusal('../../etc/passwd')).toBe('/../../etc/passwd: Invalid Path');
    expect(refusal('..')).toBe('/..: Invalid Path');
    expect(refusal('a/ .. /../b')).toBe('/../b: Invalid Path');
    expect(() => resolve('a:b', { strict: true })).toThrow('/a:b: Invalid Path (holds a control character or one of "*:<>?|)');
    expect(refusal('\u00ff\u00fe')).toMatch(/not UTF-8/);
    expect(resolve('caf\u00c3\u00a9')).toEqual(['caf\u00c3\u00a9']); // 'café' as UTF-8 bytes
    const deep = Array(10_000).fill('a').join('/');
    expect(refusal(deep)).toMatch(/^\/a\/a\/.*\.\.\.: Invalid Path \(longer than 1024 bytes\)$/);
    expect(
      refusal(
        Array(MAX_DEPTH + 1)
          .fill('a')
          .join('/'),
      ),
    ).toMatch(/deeper than 64 names/);
    expect(display('a'.repeat(200)).length).toBe(64);
  });

  it('matches * and ? within one name, without exponential backtracking', () => {
    expect(matchWildcard('*.lua', 'a.lua')).toBe(true);
    expect(matchWildcard('*.lua', 'a.luac')).toBe(false);
    expect(matchWildcard('a?c', 'abc')).toBe(true);
    expect(matchWildcard('a?c', 'ac')).toBe(false);
    expect(matchWildcard('*', '')).toBe(true);
    expect(matchWildcard('a*b*c', 'aXbYbZc')).toBe(true);
    expect(matchWildcard(`${'*a'.repeat(30)}b`, 'a'.repeat(5000))).toBe(false);
  });

  it('shows only host names that are paths of one name', () => {
    const names = ['ok.txt', '.settings', '.x:1:ab.tmp', '..', '.', '...', ' x', 'a\nb', '\u00ff', 'x\u007f'];
    expect(names.map(isVisibleName)).toEqual([true, true, false, false, false, false, false, false, false, true]);
  });

  it('property: a resolved path never escapes (no "..", ".", separators, control characters or empty names)', () => {
    const part = fc.constantFrom('..', '.', '', 'a', 'b', '/', '\\', '\u0000', '\n', 'é', ' ', 'x y');
    fc.assert(
      fc.property(fc.array(part, { maxLength: 40 }), fc.string({ maxLength: 30 }), (parts, extra) => {
        const path = parts.join('/') + extra;
        let names: string[];
        try {
          names = resolve(path);
        } catch (e) {
          expect(e).toBeInstanceOf(FsError);
          return;
        }
        for (const n of names) {
          expect(n).not.toMatch(/^\.\.?$|^$|[/\\]/);
          expect([...n].some((c) => c.charCodeAt(0) < 0x20)).toBe(false);
        }
        // resolving is idempotent: the normalised form names the same place
        expect(resolve(names.join('/'))).toEqual(names);
      }),
      { numRuns: 2000 },
    );
  });
});
