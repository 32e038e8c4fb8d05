import fc from 'fast-check';
import {
  DataTypes,
  Op,
  QueryTypes,
  Strata,
  StrataError,
  ValidationError,
  compile,
  json as jsonPath,
  type CompiledSql,
} from '@strata/core';
import { bindPlaceholders } from '../../src/execution/raw-query';
import { closeAll, offlineConnections } from '../../../../test-support/offline-connections';
import { ALL_DIALECTS, type TestDialect } from '../../../../test-support/servers';

/**
 * Property-based fuzz of every input an attacker may reach (where, order, attributes, group,
 * having, include, raw replacements), compiled on all three dialects without a database.
 * Seeded and reproducible: STRATA_FUZZ_SEED (default below) and STRATA_FUZZ_RUNS (runs per
 * property; the default keeps the file to a few seconds). `pnpm fuzz --runs 100000` is the long
 * form; see docs/security.md#fuzzing.
 *
 * Properties:
 * - every generated value is a bind parameter: values carry a marker no identifier or keyword
 *   contains, and the marker never appears in the SQL text;
 * - the SQL does not depend on the values: one where shape filled with two sets of values gives
 *   the same SQL;
 * - every refusal is a StrataError (never a TypeError, RangeError, ...);
 * - nothing on Object.prototype or Array.prototype changes.
 */
const SEED = Number(process.env.STRATA_FUZZ_SEED ?? 202020);
const RUNS = Number(process.env.STRATA_FUZZ_RUNS ?? 100);
const params = (scale = 1, cap = Infinity): fc.Parameters<unknown> => ({
  seed: SEED,
  numRuns: Math.min(cap, Math.max(1, Math.round(RUNS * scale))),
});

// ---------------------------------------------------------------------------------------------
// Models: the same three on each offline connection.

function defineModels(db: Strata) {
  const Owner = db.define('Owner', { name: DataTypes.STRING }, { tableName: 'owners', timestamps: false });
  const Item = db.define(
    'Item',
    { name: DataTypes.STRING, note: DataTypes.TEXT, age: DataTypes.INTEGER, data: DataTypes.JSON },
    { tableName: 'items', timestamps: false },
  );
  const Part = db.define('Part', { label: DataTypes.STRING }, { tableName: 'parts', timestamps: false });
  Item.belongsTo(Owner);
  Item.hasMany(Part);
  return { Item };
}
const connections = offlineConnections();
const models = Object.fromEntries(ALL_DIALECTS.map((d) => [d, defineModels(connections[d])])) as Record<
  TestDialect,
  ReturnType<typeof defineModels>
>;
afterAll(() => closeAll(connections));

/** compile(Item), typed for input that is not typed (it comes from a request). */
type Compiler = Record<'findAll' | 'count' | 'create', (options?: unknown) => CompiledSql> &
  Record<'update', (values: unknown, options: unknown) => CompiledSql> &
  Record<'destroy', (options: unknown) => CompiledSql>;
const compilerOf = (dialect: TestDialect): Compiler => compile(models[dialect].Item) as unknown as Compiler;

// ---------------------------------------------------------------------------------------------
// Values: every string value carries MARK and its own number, so a value in the SQL text is
// found whatever else it contains (MARK is in no identifier, keyword or placeholder).

const MARK = 'Zk9q';
let counter = 0;
const marked = (body: string): string => `${MARK}${++counter}Q${body}`;

const HOSTILE = [
  "'",
  "''",
  '"',
  '`',
  '\\',
  "\\'",
  "' OR '1'='1",
  "x' UNION SELECT secret FROM t -- ",
  '; DROP TABLE items; --',
  '/* comment */',
  '*/',
  '-- ',
  '#',
  '\u0000',
  '?',
  '??',
  '$1',
  ':name',
  '%',
  '_',
  '\u202e',
  '\ud83d\ude00',
  'é',
  '\ufeff',
  '\n\r\t',
];
const hostileBody = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.array(fc.constantFrom(...HOSTILE), { maxLength: 4 }).map((parts) => parts.join('')),
);
/** A string value: a fresh marked string each time the where is built. */
const stringBody = hostileBody;
const intValue = fc.integer({ min: -2_147_483_648, max: 2_147_483_647 });

// ---------------------------------------------------------------------------------------------
// Where shapes: a tree whose leaves are holes; filling the holes with two sets of values must
// give the same SQL. Null conditions are part of the shape (they change the SQL, as they should).

type StrOp =
  | 'plain'
  | 'eq'
  | 'ne'
  | 'gt'
  | 'lt'
  | 'like'
  | 'notLike'
  | 'iLike'
  | 'startsWith'
  | 'endsWith'
  | 'substring'
  | 'regexp'
  | 'iRegexp';
type IntOp = 'plain' | 'eq' | 'gte' | 'lte' | 'between' | 'notBetween';
type Leaf =
  | { t: 'str'; attr: 'name' | 'note'; op: StrOp }
  | { t: 'int'; attr: 'age'; op: IntOp }
  | { t: 'list'; attr: 'name' | 'age'; op: 'in' | 'notIn' | 'plain'; length: number }
  | { t: 'null'; attr: 'name' | 'age'; op: 'plain' | 'ne' | 'is' | 'not' };
type Shape = Leaf | { t: 'and' | 'or'; children: Shape[] } | { t: 'not'; child: Shape };

const leaf: fc.Arbitrary<Leaf> = fc.oneof(
  fc.record({
    t: fc.constant('str' as const),
    attr: fc.constantFrom('name' as const, 'note' as const),
    op: fc.constantFrom<StrOp>(
      'plain',
      'eq',
      'ne',
      'gt',
      'lt',
      'like',
      'notLike',
      'iLike',
      'startsWith',
      'endsWith',
      'substring',
      'regexp',
      'iRegexp',
    ),
  }),
  fc.record({
    t: fc.constant('int' as const),
    attr: fc.constant('age' as const),
    op: fc.constantFrom<IntOp>('plain', 'eq', 'gte', 'lte', 'between', 'notBetween'),
  }),
  fc.record({
    t: fc.constant('list' as const),
    attr: fc.constantFrom('name' as const, 'age' as const),
    op: fc.constantFrom('in' as const, 'notIn' as const, 'plain' as const),
    length: fc.integer({ min: 1, max: 20 }),
  }),
  fc.record({
    t: fc.constant('null' as const),
    attr: fc.constantFrom('name' as const, 'age' as const),
    op: fc.constantFrom('plain' as const, 'ne' as const, 'is' as const, 'not' as const),
  }),
);
const { shape } = fc.letrec<{ shape: Shape }>((tie) => ({
  shape: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({
      t: fc.constantFrom('and' as const, 'or' as const),
      children: fc.array(tie('shape'), { minLength: 1, maxLength: 4 }),
    }),
    fc.record({ t: fc.constant('not' as const), child: tie('shape') }),
  ),
}));

/** Supplies the values of one filling: strings and integers drawn from two seeds of their own. */
interface Filler {
  str(): string;
  int(): number;
}
function fillerOf(bodies: string[], ints: number[]): Filler {
  let s = 0;
  let n = 0;
  return {
    str: () => marked(bodies[s++ % bodies.length] ?? ''),
    int: () => ints[n++ % ints.length] ?? 0,
  };
}

const OPS: Record<string, symbol> = {
  eq: Op.eq,
  ne: Op.ne,
  gt: Op.gt,
  lt: Op.lt,
  gte: Op.gte,
  lte: Op.lte,
  like: Op.like,
  notLike: Op.notLike,
  iLike: Op.iLike,
  startsWith: Op.startsWith,
  endsWith: Op.endsWith,
  substring: Op.substring,
  regexp: Op.regexp,
  iRegexp: Op.iRegexp,
  between: Op.between,
  notBetween: Op.notBetween,
  in: Op.in,
  notIn: Op.notIn,
  is: Op.is,
  not: Op.not,
};
const withOp = (op: string, value: unknown): unknown => (op === 'plain' ? value : { [OPS[op]!]: value });

function build(node: Shape, fill: Filler): Record<string | symbol, unknown> {
  switch (node.t) {
    case 'and':
      return { [Op.and]: node.children.map((c) => build(c, fill)) };
    case 'or':
      return { [Op.or]: node.children.map((c) => build(c, fill)) };
    case 'not':
      return { [Op.not]: build(node.child, fill) };
    case 'str':
      return { [node.attr]: withOp(node.op, fill.str()) };
    case 'int':
      return {
        [node.attr]: withOp(
          node.op,
          node.op.endsWith('etween') ? [fill.int(), fill.int()].sort((a, b) => a - b) : fill.int(),
        ),
      };
    case 'list': {
      const next = (): unknown => (node.attr === 'age' ? fill.int() : fill.str());
      return { [node.attr]: withOp(node.op, Array.from({ length: node.length }, next)) };
    }
    case 'null':
      return { [node.attr]: withOp(node.op, null) };
  }
}

/** Every statement a where reaches through the public compile API, on one dialect. */
function statements(dialect: TestDialect, where: object, setValue: string): CompiledSql[] {
  const c = compilerOf(dialect);
  return [
    c.findAll({ where }),
    c.count({ where }),
    c.findAll({ where, include: [{ association: 'owner', where: { name: setValue }, required: false }] }),
    c.update({ note: setValue }, { where }),
    c.destroy({ where }),
  ];
}

// ---------------------------------------------------------------------------------------------
// Shared checks.

const expectNoValueInSql = (compiled: CompiledSql): void => {
  if (compiled.sql.includes(MARK)) throw new Error(`a value reached the SQL text: ${compiled.sql}`);
};
const expectStrataRefusal = (error: unknown): void => {
  // ValidationError (from @strata/validation, re-exported by @strata/core) is the one Strata
  // error class outside StrataError: a value of the wrong type for its attribute.
  if (!(error instanceof StrataError) && !(error instanceof ValidationError)) {
    throw new Error(`refused with ${(error as Error)?.constructor?.name}, not a StrataError: ${String(error)}`);
  }
};
/** Compiles; success must keep values out of the SQL, failure must be a StrataError. */
const refusedOrBound = (attempt: () => CompiledSql | CompiledSql[]): void => {
  let out: CompiledSql | CompiledSql[];
  try {
    out = attempt();
  } catch (error) {
    expectStrataRefusal(error);
    return;
  }
  for (const compiled of [out].flat()) expectNoValueInSql(compiled);
};

function prototypeSnapshot(): string {
  const describe = (o: object): string[] =>
    Reflect.ownKeys(o).map((k) => {
      const d = Object.getOwnPropertyDescriptor(o, k)!;
      return `${String(k)}:${typeof d.value}:${String(d.get)}:${String(d.set)}`;
    });
  return JSON.stringify([describe(Object.prototype), describe(Array.prototype)]);
}
const before = prototypeSnapshot();
afterEach(() => {
  expect(prototypeSnapshot()).toBe(before);
  expect(({} as Record<string, unknown>).role).toBeUndefined();
});

// ---------------------------------------------------------------------------------------------

describe('fuzz: where values are bound, and the SQL does not depend on them', () => {
  const fillings = fc.record({
    bodies: fc.array(stringBody, { minLength: 1, maxLength: 8 }),
    ints: fc.array(intValue, { minLength: 1, maxLength: 8 }),
  });

  it('a valid where compiles on every dialect, every value bound', () => {
    fc.assert(
      fc.property(shape, fillings, (s, f) => {
        for (const dialect of ALL_DIALECTS) {
          const fill = fillerOf(f.bodies, f.ints);
          const set = fill.str();
          const compiled = statements(dialect, build(s, fill), set);
          compiled.forEach(expectNoValueInSql);
          // The update's SET value is among its bindings, as itself.
          expect(compiled[3]!.bindings).toContain(set);
        }
      }),
      params(),
    );
  });

  it('one where shape with two sets of values gives the same SQL', () => {
    fc.assert(
      fc.property(shape, fillings, fillings, (s, f1, f2) => {
        for (const dialect of ALL_DIALECTS) {
          const a = statements(dialect, build(s, fillerOf(f1.bodies, f1.ints)), marked('a'));
          const b = statements(dialect, build(s, fillerOf(f2.bodies, f2.ints)), marked('b'));
          expect(b.map((x) => x.sql)).toEqual(a.map((x) => x.sql));
          expect(b.map((x) => x.bindings.length)).toEqual(a.map((x) => x.bindings.length));
        }
      }),
      params(),
    );
  });

  it('deep nesting compiles or is refused with a StrataError', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        fc.constantFrom(Op.and, Op.or, Op.not),
        stringBody,
        (depth, op, body) => {
          let where: object = { name: marked(body) };
          for (let i = 0; i < depth; i++) where = op === Op.not ? { [op]: where } : { [op]: [where] };
          for (const dialect of ALL_DIALECTS) refusedOrBound(() => statements(dialect, where, marked('')));
        },
      ),
      params(0.2),
    );
  });

  it('huge lists are bound, split or refused with a StrataError', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1_000, 32_766, 32_767, 65_535, 65_536, 100_000),
        fc.constantFrom(Op.in, Op.notIn),
        (length, op) => {
          const list = Array.from({ length }, (_, i) => i);
          for (const dialect of ALL_DIALECTS) {
            refusedOrBound(() => compilerOf(dialect).findAll({ where: { age: { [op]: list } } }));
            refusedOrBound(() => compilerOf(dialect).destroy({ where: { name: list.map(String) } }));
          }
        },
      ),
      // 12 distinct cases, each slow: more runs would only repeat them.
      params(0.1, 24),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Hostile structure: JSON a request body or query string parser can produce, in every option.

const VOCABULARY = [
  'name',
  'note',
  'age',
  'id',
  'ownerId',
  'owner',
  'parts',
  'Owner',
  'ASC',
  'DESC',
  'DESC NULLS LAST',
  '$gt',
  '$or',
  '$and',
  '$ne',
  '$in',
  '$like',
  '$col',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'role',
  'items.name',
  'data',
  'data.a',
  'data.a[0]',
  'data.a::integer',
  'COUNT',
  'SLEEP',
  '*',
  // Option names, for a whole options object taken from a request.
  'where',
  'order',
  'attributes',
  'group',
  'having',
  'include',
  'association',
  'required',
  'limit',
  'offset',
  'paranoid',
  'raw',
  'exclude',
];
const key = fc.oneof(fc.constantFrom(...VOCABULARY), hostileBody.map(marked));
const scalar = fc.oneof(
  hostileBody.map(marked),
  fc.constantFrom(...VOCABULARY),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const { json, object } = fc.letrec<{ json: unknown; object: unknown }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('json'), { maxLength: 4 }),
    tie('object'),
  ),
  // Built as JSON.parse does: "__proto__" becomes an own key, not the prototype.
  object: fc.array(fc.tuple(key, tie('json')), { maxLength: 4 }).map((entries) => {
    const text = `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`;
    return JSON.parse(text) as unknown;
  }),
}));
const PROTO_BODIES = [
  '{"__proto__": {"role": "admin"}}',
  '{"name": {"__proto__": {"$ne": null}}}',
  '{"constructor": {"prototype": {"role": "admin"}}}',
  '{"name": "x", "__proto__": {"age": {"$gt": 0}}}',
  '[["__proto__", "ASC"]]',
  '{"$or": [{"name": "a"}, {"__proto__": 1}]}',
].map((text) => JSON.parse(text) as unknown);
const hostile = fc.oneof(json, fc.constantFrom(...PROTO_BODIES));
/** Hostile input for a whole options object: any object (a null options object is a known gap, see docs/security.md). */
const hostileOptions = fc.oneof(object, fc.constantFrom(...PROTO_BODIES));

describe('fuzz: hostile JSON in every option is bound or refused with a StrataError', () => {
  type Try = (c: Compiler, input: unknown) => CompiledSql;
  const WHOLE_OPTIONS = new Set(['findAllOptions', 'countOptions']);
  const ENTRIES: Record<string, Try> = {
    where: (c, where) => c.findAll({ where }),
    order: (c, order) => c.findAll({ order }),
    attributes: (c, attributes) => c.findAll({ attributes }),
    group: (c, group) => c.findAll({ attributes: ['name'], group }),
    having: (c, having) => c.findAll({ attributes: ['name'], group: ['name'], having }),
    include: (c, include) => c.findAll({ include }),
    includeWhere: (c, where) => c.findAll({ include: [{ association: 'owner', where }] }),
    countWhere: (c, where) => c.count({ where }),
    updateValues: (c, values) => c.update(values, { where: { id: 1 } }),
    updateWhere: (c, where) => c.update({ name: 'n' }, { where }),
    destroyWhere: (c, where) => c.destroy({ where }),
    createValues: (c, values) => c.create(values),
    findAllOptions: (c, options) => c.findAll(options),
    countOptions: (c, options) => c.count(options),
  };

  for (const [entry, attempt] of Object.entries(ENTRIES)) {
    it(entry, () => {
      fc.assert(
        fc.property(WHOLE_OPTIONS.has(entry) ? hostileOptions : hostile, (input) => {
          for (const dialect of ALL_DIALECTS) {
            refusedOrBound(() => attempt(compilerOf(dialect), input));
          }
        }),
        params(),
      );
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Raw replacements: through db.query on a real SQLite connection (the SQL it sends is the SQL
// logged), and through the placeholder binder each dialect uses.

describe('fuzz: raw replacements are bound', () => {
  const db = new Strata({ dialect: 'sqlite', storage: ':memory:' });
  afterAll(() => db.close());

  it('a scalar replacement round-trips as data and never reaches the SQL text', async () => {
    await fc.assert(
      fc.asyncProperty(hostileBody, fc.boolean(), async (body, named) => {
        // SQLite's strings end at NUL in some paths; the value still never reaches the SQL.
        const value = marked(body);
        const sent: string[] = [];
        const sql = named ? "SELECT ':v' AS lit, :v AS v -- :v\n" : "SELECT '?' AS lit, ? AS v /* ? */";
        const rows = (await db.query(sql, {
          replacements: named ? { v: value } : [value],
          type: QueryTypes.SELECT,
          logging: (text: string) => sent.push(text),
        })) as { lit: string; v: string }[];
        expect(sent.join('\n')).not.toContain(MARK);
        expect(rows[0]!.v).toBe(value);
        expect(rows[0]!.lit).toBe(named ? ':v' : '?');
      }),
      params(),
    );
  });

  it('hostile replacements are bound or refused with a StrataError', () => {
    const placeholders: Record<TestDialect, (n: number) => string> = {
      sqlite: () => '?',
      mysql: () => '?',
      postgres: (n) => `$${n}`,
    };
    fc.assert(
      fc.property(hostile, hostile, (a, b) => {
        for (const dialect of ALL_DIALECTS) {
          refusedOrBound(() =>
            bindPlaceholders(
              "SELECT * FROM t WHERE a IN (:a) AND b = :b AND c = ':a'",
              { replacements: { a, b } as never },
              placeholders[dialect],
            ),
          );
          refusedOrBound(() =>
            bindPlaceholders('SELECT ? , ?', { replacements: [a, b] as never }, placeholders[dialect]),
          );
        }
      }),
      params(),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// JSON paths: keys are data, in the path form ('data.key') and the nested form ({ data: { key } }).

describe('fuzz: JSON path keys are bound, and the SQL depends only on the path depth', () => {
  const pathKeys = fc.array(hostileBody, { minLength: 1, maxLength: 4 });
  /** A key in the path notation: backslash-escaped so each hostile key is one step. */
  const pathForm = (keys: string[]): string =>
    ['data', ...keys.map((k) => k.replace(/[\\.[:]/g, (c) => `\\${c}`))].join('.');
  const nestedForm = (keys: string[], value: unknown): object =>
    ({ data: keys.reduceRight<unknown>((inner, k) => ({ [k]: inner }), value) }) as object;

  it('hostile keys and values never reach the SQL text, in either form', () => {
    fc.assert(
      fc.property(pathKeys, stringBody, (bodies, body) => {
        const keys = bodies.map(marked);
        for (const dialect of ALL_DIALECTS) {
          const c = compilerOf(dialect);
          for (const where of [{ [pathForm(keys)]: marked(body) }, nestedForm(keys, { [Op.ne]: marked(body) })]) {
            statements(dialect, where, marked('')).forEach(expectNoValueInSql);
          }
          expectNoValueInSql(c.findAll({ order: [[jsonPath(pathForm(keys)), 'DESC']] }));
        }
      }),
      params(),
    );
  });

  it('two sets of keys of one depth give the same SQL', () => {
    fc.assert(
      fc.property(pathKeys, pathKeys, (a, b) => {
        const depth = Math.min(a.length, b.length);
        const first = a.slice(0, depth).map(marked);
        const second = b.slice(0, depth).map(marked);
        for (const dialect of ALL_DIALECTS) {
          const one = statements(dialect, { [`${pathForm(first)}::integer`]: { [Op.gt]: 1 } }, marked(''));
          const two = statements(dialect, { [`${pathForm(second)}::integer`]: { [Op.gt]: 2 } }, marked(''));
          expect(two.map((x) => x.sql)).toEqual(one.map((x) => x.sql));
          const nestedOne = statements(dialect, nestedForm(first, marked('x')), marked(''));
          const nestedTwo = statements(dialect, nestedForm(second, marked('y')), marked(''));
          expect(nestedTwo.map((x) => x.sql)).toEqual(nestedOne.map((x) => x.sql));
        }
      }),
      params(),
    );
  });

  it('a cast outside the allow-list is refused with a StrataError', () => {
    fc.assert(
      fc.property(stringBody, (body) => {
        for (const dialect of ALL_DIALECTS) {
          expect(() => compilerOf(dialect).findAll({ where: { [`data.a::${marked(body)}`]: 1 } })).toThrow(StrataError);
        }
      }),
      params(),
    );
  });
});
