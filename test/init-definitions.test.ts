// Service definitions: the literal-table reader, the validator's messages (file and field), and the graph
// checks (name clash, unknown dependency, cycles spelled out), with a bad file never stopping the others.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, DefinitionError, parseDefinition } from '../src/init/definitions.js';
import { buildConfiguration, type DefinitionFile } from '../src/init/graph.js';
import { LuaDataError, parseLuaData } from '../src/init/lua-data.js';

function files(defs: Record<string, string>): DefinitionFile[] {
  return Object.entries(defs).map(([name, source]) => ({ entry: `${name}.svc`, source }));
}

describe('the definition reader', () => {
  it('reads literals, nested tables, comments and every string form', () => {
    const t = parseLuaData(`-- a comment
      return { a = 'x\\n\\65', b = "y", c = [[long
text]], d = { 1, -2.5, 0x10, true }, ['e f'] = false, --[[ block ]] g = {} ; }`);
    expect(t.fields.get('a')).toBe('x\nA');
    expect(t.fields.get('c')).toBe('long\ntext');
    const d = t.fields.get('d');
    expect(typeof d === 'object' && d.list).toEqual([1, -2.5, 16, true]);
    expect(t.fields.get('e f')).toBe(false);
  });

  it('refuses code, with the line', () => {
    expect(() => parseLuaData('{ a = os.exit() }')).toThrow(new LuaDataError("line 1: unexpected symbol near 'os.exit()'"));
    expect(() => parseLuaData('{\n a = 1,\n b = }')).toThrow(new LuaDataError("line 3: unexpected symbol near '}'"));
    expect(() => parseLuaData('{ a = 1 } x')).toThrow(new LuaDataError("line 1: '<eof>' expected near 'x'"));
    expect(() => parseLuaData('{ a = 1, a = 2 }')).toThrow(new LuaDataError("line 1: field 'a' given twice"));
    expect(() => parseLuaData("{ a = 'open }")).toThrow(new LuaDataError('line 1: unfinished string'));
  });

  it('reads back any table of literals it is given (round trip)', () => {
    const leaf = fc.oneof(fc.string(), fc.integer({ min: -1e9, max: 1e9 }), fc.boolean());
    const names = fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/).filter((n) => !['true', 'false', 'nil', 'return', 'and', 'or', 'not'].includes(n));
    fc.assert(
      fc.property(fc.dictionary(names, fc.oneof(leaf, fc.array(leaf, { maxLength: 4 }))), (record) => {
        const lua = `return { ${Object.entries(record)
          .map(([k, v]) => `${k} = ${Array.isArray(v) ? `{ ${v.map(literal).join(', ')} }` : literal(v)}`)
          .join(',\n')} }`;
        const t = parseLuaData(lua);
        for (const [k, v] of Object.entries(record)) {
          const got = t.fields.get(k);
          expect(Array.isArray(v) ? typeof got === 'object' && got.list : got).toEqual(v);
        }
      }),
    );
  });
});

/** A JS literal as Lua source (strings with every byte escaped as \ddd, which the reader must decode). */
function literal(v: string | number | boolean): string {
  if (typeof v !== 'string') return String(v);
  return `'${[...v].map((c) => (c.charCodeAt(0) < 256 ? `\\${c.charCodeAt(0)}` : c)).join('')}'`;
}

describe('the validator', () => {
  it('fills the defaults', () => {
    const def = parseDefinition('kv', "{ program = 'kvd' }");
    expect(def).toMatchObject({ name: 'kv', file: 'services/kv.svc', program: 'kvd', runtime: 'native', type: 'simple', restart: 'on-failure' });
    expect(def.backoff).toEqual(DEFAULT_BACKOFF);
    expect(def.start_limit).toEqual({ burst: 5, interval: 10 });
    expect(def).toMatchObject({ start_timeout: 30, stop_timeout: 5, log_lines: 1000, targets: ['default'], health: null });
    expect(parseDefinition('x', "{ program = 'p', health = { call = 'ping', args = { 'a' } } }").health).toEqual({
      program: null,
      call: 'ping',
      args: ['a'],
      period: 10,
      timeout: 3,
      threshold: 3,
    });
  });

  it.each([
    ["{ program = 'p', colour = 'red' }", "services/x.svc: field 'colour': unknown field"],
    ["{ program = 'p', restart = 'sometimes' }", "services/x.svc: field 'restart': expected one of 'no', 'on-failure', 'always', got 'sometimes'"],
    ['{ program = 42 }', "services/x.svc: field 'program': expected a string, got number"],
    ["{ type = 'simple' }", "services/x.svc: field 'program': missing (a string is required)"],
    ["{ program = 'p', requires = 'a' }", "services/x.svc: field 'requires': expected a list of strings, got string"],
    ["{ program = 'p', requires = { 'a', 3 } }", "services/x.svc: field 'requires[2]': expected a string, got number"],
    ["{ program = 'p', backoff = { factor = 0.5 } }", "services/x.svc: field 'backoff.factor': expected at least 1, got 0.5"],
    ["{ program = 'p', backoff = { jitter = 1 } }", "services/x.svc: field 'backoff.jitter': unknown field"],
    [
      "{ program = 'p', health = { period = 1 } }",
      "services/x.svc: field 'health': give either 'program' (a check program) or 'call' (a call name on the service's context)",
    ],
    [
      "{ program = 'p', health = { program = 'c', call = 'ping' } }",
      "services/x.svc: field 'health': give either 'program' (a check program) or 'call' (a call name on the service's context)",
    ],
    ["{ program = 'p', health = { call = 7 } }", "services/x.svc: field 'health.call': expected a string, got number"],
    [
      "{ program = 'p', start_timeout = 3 }",
      "services/x.svc: field 'start_timeout': only a 'notify' or 'bind' service waits to be ready (this one is 'simple')",
    ],
    ["{ program = 'p', type = 'notify', start_timeout = -1 }", "services/x.svc: field 'start_timeout': expected at least 0, got -1"],
    ["{ program = 'p', type = 'bind' }", "services/x.svc: field 'binds': a 'bind' service must list the call names it binds"],
    ["{ program = 'p', start_limit = { burst = 2.5 } }", "services/x.svc: field 'start_limit.burst': expected an integer, got 2.5"],
    ["{ program = 'p',\n  oops }", "services/x.svc:2: unexpected symbol near 'oops'"],
  ])('%s → %s', (source, message) => {
    expect(() => parseDefinition('x', source)).toThrow(new DefinitionError(message));
  });
});

describe('the graph', () => {
  it('keeps good services when others are bad, and says why for each bad one', () => {
    const config = buildConfiguration(
      files({
        good: "{ program = 'p' }",
        syntax: '{ program = ',
        typo: "{ program = 'p', requirs = { 'good' } }",
        lost: "{ program = 'p', requires = { 'nowhere' } }",
        child: "{ program = 'p', after = { 'lost' } }",
        wanter: "{ program = 'p', wants = { 'lost' } }",
      }),
    );
    expect([...config.services.keys()]).toEqual(['good', 'wanter']);
    expect(config.errors).toEqual([
      "services/syntax.svc:1: unexpected symbol near '<eof>'",
      "services/typo.svc: field 'requirs': unknown field",
      "services/lost.svc: field 'requires': unknown service 'nowhere'",
      "services/child.svc: depends on 'lost', which was rejected",
    ]);
  });

  it('spells out a cycle and rejects only the services on it and after it', () => {
    const config = buildConfiguration(
      files({
        a: "{ program = 'p', requires = { 'b' } }",
        b: "{ program = 'p', after = { 'c' } }",
        c: "{ program = 'p', requires = { 'a', 'd' } }",
        d: "{ program = 'p' }",
        e: "{ program = 'p', requires = { 'a' } }",
        self: "{ program = 'p', after = { 'self' } }",
      }),
    );
    expect([...config.services.keys()]).toEqual(['d']);
    expect(config.errors).toEqual([
      'services/a.svc: dependency cycle a → b → c → a',
      'services/b.svc: dependency cycle a → b → c → a',
      'services/c.svc: dependency cycle a → b → c → a',
      'services/self.svc: dependency cycle self → self',
      "services/e.svc: depends on 'a', which was rejected",
    ]);
  });

  it('refuses name clashes: a target named like a service, names differing only in case', () => {
    const config = buildConfiguration(files({ db: "{ program = 'p' }", DB: "{ program = 'p' }", web: "{ program = 'p', targets = { 'db' } }" }));
    expect(config.errors).toEqual([
      "services/db.svc: name clash: service 'db' and service 'DB' differ only in case",
      "services/web.svc: field 'targets': name clash: 'db' is a service",
    ]);
    expect([...config.services.keys()]).toEqual(['DB']);
  });

  it('groups services by target', () => {
    const config = buildConfiguration(files({ a: "{ program = 'p' }", b: "{ program = 'p', targets = { 'default', 'web' } }" }));
    expect(Object.fromEntries(config.targets)).toEqual({ default: ['a', 'b'], web: ['b'] });
  });

  it('finds a cycle in any random graph that has one, and accepts every acyclic one', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 })), { maxLength: 14 }), (edges) => {
        const deps = new Map<number, number[]>();
        for (const [from, to] of edges) deps.set(from, [...(deps.get(from) ?? []), to]);
        const defs: Record<string, string> = {};
        for (let i = 0; i < 8; i++) defs[`s${i}`] = `{ program = 'p', after = { ${(deps.get(i) ?? []).map((d) => `'s${d}'`).join(', ')} } }`;
        const config = buildConfiguration(files(defs));
        expect(config.errors.length > 0).toBe(hasCycle(deps));
        for (const error of config.errors) {
          const m = / cycle (.*)$/.exec(error);
          if (!m) continue;
          const path = m[1].split(' → ').map((s) => Number(s.slice(1)));
          expect(path[0]).toBe(path[path.length - 1]);
          for (let i = 0; i + 1 < path.length; i++) expect(deps.get(path[i])).toContain(path[i + 1]);
        }
      }),
    );
  });
});

function hasCycle(deps: Map<number, number[]>): boolean {
  const state = new Map<number, 'open' | 'done'>();
  const visit = (n: number): boolean => {
    if (state.get(n) === 'open') return true;
    if (state.get(n) === 'done') return false;
    state.set(n, 'open');
    const found = (deps.get(n) ?? []).some(visit);
    state.set(n, 'done');
    return found;
  };
  return [...deps.keys()].some(visit);
}
