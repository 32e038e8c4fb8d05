import 'reflect-metadata';
import { DataTypes, HOOK_NAMES, Model, ModelDefinitionError, Strata, type CreationOptional } from '@strata/core';
import * as annotations from '@strata/annotations';
import { AfterCreate, BeforeCreate, BeforeValidate, Column, Default, Table } from '@strata/annotations';
import { describeEachDialect } from '../../../test-support/dialects';

const calls: string[] = [];

abstract class Audited extends Model {
  @BeforeCreate
  static stampAudit(instance: Audited): void {
    calls.push(`${this.name}.stampAudit`);
    instance.audit = 'created';
  }
  @Default('none') @Column(DataTypes.STRING) declare audit: CreationOptional<string>;
}

@Table({
  tableName: 'hooked_users',
  timestamps: false,
  hooks: { afterCreate: () => void calls.push('options.afterCreate') },
})
class HookedUser extends Audited {
  declare id: CreationOptional<number>;
  @Column declare email: string;

  @BeforeValidate
  static lowerCase(user: HookedUser): void {
    user.email = user.email.toLowerCase();
  }

  @AfterCreate
  static recordCreate(user: HookedUser): void {
    calls.push(`${this.name}.afterCreate ${user.email}`);
  }
}

// Core runs hooks from ModelOptions.hooks (the hook engine's own tests cover when each runs);
// these tests check what the decorators register there.
describe('hook decorators register into the model options', () => {
  let db: Strata;
  beforeAll(() => {
    db = new Strata('sqlite::memory:', { models: [HookedUser] });
  });
  afterAll(() => db.close());
  beforeEach(() => {
    calls.length = 0;
  });

  it('after the hooks given in @Table, inherited static methods first, bound to the model', async () => {
    const hooks = HookedUser.definition.options.hooks as Record<string, Array<(...args: unknown[]) => unknown>>;
    expect(Object.keys(hooks).sort()).toEqual(['afterCreate', 'beforeCreate', 'beforeValidate']);
    expect(HookedUser.hasHook('beforeCreate')).toBe(true);
    expect(HookedUser.hasHook('afterFind')).toBe(false);
    const user = HookedUser.build({ email: 'ANA@EXAMPLE.COM' });
    for (const hook of ['beforeValidate', 'beforeCreate', 'afterCreate']) {
      for (const fn of hooks[hook]) await fn(user, {});
    }
    expect(user.email).toBe('ana@example.com');
    expect(user.audit).toBe('created');
    expect(calls).toEqual(['HookedUser.stampAudit', 'options.afterCreate', 'HookedUser.afterCreate ana@example.com']);
  });
});

@Table({ tableName: 'decorated_slugs', timestamps: false })
class Slug extends Model {
  declare id: CreationOptional<number>;
  @Column(DataTypes.STRING) declare title: string;
  @Column(DataTypes.STRING) declare slug: string | null;

  @BeforeCreate
  static makeSlug(slug: Slug): void {
    slug.slug = slug.title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  }
}

describeEachDialect('hook decorators on a database', (ctx) => {
  beforeAll(async () => {
    const db = ctx.connect({ models: [Slug] });
    await db.sync({ force: true });
  });

  it('run a decorated @BeforeCreate on create(), and its change is what gets written', async () => {
    const created = await Slug.create({ title: 'Hello World', slug: null });
    expect(created.slug).toBe('hello-world');
    const stored = (await Slug.findByPk(created.id, { raw: true })) as unknown as { slug: string };
    expect(stored.slug).toBe('hello-world');
  });

  it('do not run with hooks: false', async () => {
    const created = await Slug.create({ title: 'Plain Title', slug: null }, { hooks: false });
    expect((await Slug.findByPk(created.id))?.slug).toBeNull();
  });
});

describe('hook decorators', () => {
  it('exist for every hook in HOOK_NAMES', () => {
    const exported = annotations as unknown as Record<string, unknown>;
    const missing = HOOK_NAMES.map((hook) => hook[0].toUpperCase() + hook.slice(1)).filter(
      (name) => typeof exported[name] !== 'function',
    );
    expect(missing).toEqual([]);
  });

  it('refuse an instance method, at definition time', () => {
    expect(() => {
      class Wrong extends Model {
        @BeforeCreate
        normalize(): void {}
      }
      return Wrong;
    }).toThrow(
      new ModelDefinitionError(
        'Wrong.normalize: @BeforeCreate decorates static methods (static normalize(...) {...}); normalize is not a static method',
      ),
    );
  });

  it('refuse a class that is not a model', () => {
    expect(() => {
      class Plain {
        @BeforeCreate
        static normalize(): void {}
      }
      return Plain;
    }).toThrow(/Plain\.normalize: @BeforeCreate is used on a class that does not extend Model/);
  });
});
