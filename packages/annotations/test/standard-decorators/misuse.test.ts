import { join } from 'node:path';
import { DataTypes, Model, ModelDefinitionError, type Strata } from '@strata/core';
import { Column, Table } from '@strata/annotations';
import { describeEachDialect } from '../../../../test-support/dialects';
import {
  COMPILERS,
  compileFixtures,
  loadCompiled,
  removeTemporaryFolders,
  typeErrorsOf,
  type Compiler,
} from './compile';
import type * as Misuse from './fixtures/misuse/misuse';
import type * as NoMetadata from './fixtures/misuse/no-metadata';

// A form of the other calling convention is refused with a message that names the class, the
// property and the fix: under standard decorators (compiled without experimentalDecorators by
// tsc 5.9, tsc 7 and esbuild) by the compiler where it can and at run time always; under legacy
// decorators (this file, compiled by ts-jest with experimentalDecorators) at run time.

const compiled = new Map<Compiler, string>();
beforeAll(() => {
  for (const compiler of COMPILERS)
    compiled.set(compiler, compileFixtures(join(__dirname, 'fixtures/misuse'), compiler));
}, 120_000);
afterAll(removeTemporaryFolders);

function misuse(compiler: Compiler): typeof Misuse {
  return loadCompiled<typeof Misuse>(join(compiled.get(compiler)!, 'misuse.js'));
}

/** Each compiler's errors on fixtures/type-errors, type-checked once. */
const typeErrors = new Map<string, string>();
function typeErrorsWith(compiler: 'tsc 5.9' | 'tsc 7'): string {
  if (!typeErrors.has(compiler))
    typeErrors.set(compiler, typeErrorsOf(join(__dirname, 'fixtures/type-errors'), compiler));
  return typeErrors.get(compiler)!;
}

describe.each(['tsc 5.9', 'tsc 7'] as const)('type checking under standard decorators (%s)', (compiler) => {
  it('names the accessor field to write instead of a plain field, and refuses a declare field', () => {
    const output = typeErrorsWith(compiler);
    expect(output).toMatch(
      /legacy-forms\.ts\(8,\d+\): error[\s\S]*Strata: under standard decorators, decorate an accessor field \(`@Column\(DataTypes\.STRING\) accessor name: string`\), not a plain field/,
    );
    expect(output).toMatch(/legacy-forms\.ts\(13,\d+\): error TS1206: Decorators are not valid here/);
  }, 120_000);

  it('types the API from accessor fields as from declare fields', () => {
    const output = typeErrorsWith(compiler);
    const lines = [...output.matchAll(/typed-api\.ts\((\d+),\d+\): error/g)].map((match) => Number(match[1]));
    // The file's @ts-expect-error lines are all used: an unused one would be an error here.
    expect(output).toMatch(/legacy-forms\.ts/);
    expect(lines).toEqual([]);
  }, 120_000);
});

describeEachDialect('standard decorators: misuse', (ctx) => {
  describe.each(COMPILERS)('%s', (compiler) => {
    let fixture: typeof Misuse;
    let db: Strata;
    beforeAll(() => {
      fixture = misuse(compiler);
      db = ctx.connect();
    });

    it('refuses a decorator on a plain field while the class is defined, naming the accessor field to write', () => {
      expect(() => fixture.plainField()).toThrow(ModelDefinitionError);
      expect(() => fixture.plainField()).toThrow(
        /^PlainField\.name: @Column is compiled as a standard decorator, which cannot see a plain field's value: write `@Column accessor name: \.\.\.`/,
      );
    });

    it('refuses a bare @Column when the models are added, asking for the data type', () => {
      const Untyped = fixture.untypedColumn();
      expect(() => db.addModels([Untyped])).toThrow(
        /Untyped\.body: @Column has no data type; standard decorators \(no experimentalDecorators\) emit no type metadata, so give the type: @Column\(DataTypes\.STRING\) accessor body/,
      );
    });

    it('refuses a hook on an instance method and a model validator on a static one', () => {
      expect(() => fixture.instanceHook()).toThrow(
        /^InstanceHook\.lowercase: @BeforeCreate decorates static methods \(static lowercase\(\.\.\.\) \{\.\.\.\}\)/,
      );
      expect(() => fixture.staticModelValidator()).toThrow(
        /^StaticCheck\.check: @ModelValidator decorates instance methods, not static ones/,
      );
    });

    it('refuses a static accessor, a class that is not a model, and a bare validator that needs its argument', () => {
      expect(() => fixture.staticAccessor()).toThrow(/^StaticAccessor\.label: @Column cannot decorate a static member/);
      expect(() => fixture.notAModel()).toThrow(/^Plain: @Table is used on a class that does not extend Model/);
      expect(() => fixture.bareValidatorThatNeedsArgument()).toThrow(
        /^Bare\.code: @Not needs its argument, as in validate: \{ not: \.\.\. \}/,
      );
    });

    it("refuses an accessor field's initializer, which is no default, when the model is added", () => {
      const Initialized = fixture.accessorInitializer();
      expect(() => db.addModels([Initialized])).toThrow(
        /Initialized\.pinned: an accessor field's initializer is not the attribute's default; remove it and write @Default\(false\)/,
      );
    });

    it('finds the misuse in a base class without @Table when a model extending it is added', () => {
      const Child = fixture.misuseInBase();
      expect(() => db.addModels([Child])).toThrow(/Base\.title: @Column is compiled as a standard decorator/);
    });
  });

  // esbuild's helpers fall back to Symbol.for('Symbol.metadata') themselves; TypeScript's pass
  // no metadata when Symbol.metadata is missing, as TypeScript 5.0/5.1's output always does.
  describe.each(['tsc 5.9', 'tsc 7'] as const)('%s output run without decorator metadata', (compiler) => {
    const withoutMetadata = new Proxy(Symbol, {
      get: (target, key) => (key === 'metadata' ? undefined : Reflect.get(target, key)),
    });
    let fixture: typeof NoMetadata;
    beforeAll(() => {
      fixture = loadCompiled<typeof NoMetadata>(join(compiled.get(compiler)!, 'no-metadata.js'), {
        Symbol: withoutMetadata,
      });
    });

    it('registers the members through the class decorator', async () => {
      const Note = fixture.modelWithoutMetadata();
      const db = ctx.connect({ models: [Note] });
      await db.sync({ force: true });
      const note = await Note.create({ title: '  milk ' });
      expect((await Note.findByPk(note.id))?.title).toBe('milk');
      expect(String(Note.getAttributes().title.type)).toBe('STRING(40)');
    });

    it('refuses a decorated base class without @Table, saying why', () => {
      expect(() => fixture.baseWithoutTable()).toThrow(
        /^Child: a decorated member note is not its own; this compiler passes standard decorators no metadata \(TypeScript before 5\.2\)/,
      );
    });
  });
});

describe('legacy decorators (experimentalDecorators) refuse the standard form', () => {
  it('refuses an accessor field, naming the declare field to write', () => {
    expect(() => {
      @Table
      class LegacyAccessor extends Model {
        @Column(DataTypes.STRING) accessor name!: string;
      }
      return LegacyAccessor;
    }).toThrow(
      /^LegacyAccessor\.name: @Column is compiled as a legacy decorator \(experimentalDecorators\), where an attribute is a declare field: write `declare name: \.\.\.`/,
    );
  });
});
