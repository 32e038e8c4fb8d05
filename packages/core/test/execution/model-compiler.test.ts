import {
  DataTypes,
  InvalidQueryError,
  Model,
  Op,
  Strata,
  ValidationError,
  compile,
  type CompiledSql,
  type CreationOptional,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';
import { expectSql } from '../../../../test-support/expect-sql';

class Member extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
  declare age: number | null;
  declare active: CreationOptional<boolean>;
  declare deletedAt: Date | null;
  declare posts?: Entry[];
}

class Entry extends Model {
  declare id: CreationOptional<number>;
  declare title: string;
  declare memberId: number | null;
}

describeEachDialect('compile(Model): the statement a call would send, without sending it', (ctx) => {
  let db: Strata;
  /** Every statement the connection sends, whichever call sends it. */
  const sent: string[] = [];
  const hooksRun: string[] = [];

  beforeAll(async () => {
    db = ctx.connect({ logging: (sql) => void sent.push(sql) });
    Member.init(
      {
        name: { type: DataTypes.STRING, allowNull: false, unique: true },
        age: DataTypes.INTEGER,
        active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      },
      {
        strata: db,
        tableName: 'members',
        // Only deletedAt: a soft delete, without createdAt/updatedAt in every expected statement.
        paranoid: true,
        createdAt: false,
        updatedAt: false,
        defaultScope: { where: { active: true } },
        hooks: {
          beforeFind: () => void hooksRun.push('beforeFind'),
          beforeCreate: () => void hooksRun.push('beforeCreate'),
          beforeBulkUpdate: () => void hooksRun.push('beforeBulkUpdate'),
        },
      },
    );
    Entry.init({ title: DataTypes.STRING }, { strata: db, tableName: 'entries', timestamps: false });
    Member.hasMany(Entry, { as: 'posts' });
    await db.sync({ force: true });
  });

  beforeEach(() => {
    sent.length = 0;
    hooksRun.length = 0;
  });

  /** Runs `call`, collecting the statements it sends, and expects `compiled` among them. */
  async function expectSent(compiled: CompiledSql, call: () => Promise<unknown>): Promise<void> {
    sent.length = 0;
    await call();
    expect(sent).toContain(compiled.sql);
  }

  it('applies the default scope and the paranoid filter, and binds every value', () => {
    expectSql(ctx.dialect, compile(Member).findAll({ where: { age: { [Op.gte]: 18 } }, order: [['name', 'ASC']] }), {
      default:
        'select `members`.`id`, `members`.`name`, `members`.`age`, `members`.`active`, `members`.`deletedAt` ' +
        'from `members` where (`members`.`active` = ?) AND (`members`.`age` >= ?) and `members`.`deletedAt` is null ' +
        'order by `members`.`name` ASC',
      bindings: [ctx.dialect === 'postgres' ? true : 1, 18],
    });
    expectSql(ctx.dialect, compile(Member.unscoped()).count({ paranoid: false }), {
      default: 'select COUNT(`members`.`id`) AS `count` from `members`',
      bindings: [],
    });
  });

  it('gives for each finder and write the statement the real call sends', async () => {
    const alice = await Member.create({ name: 'alice', age: 30 });
    const members = compile(Member);
    await expectSent(members.findAll({ where: { name: 'alice' } }), () => Member.findAll({ where: { name: 'alice' } }));
    await expectSent(members.findAll({ include: ['posts'], limit: 2 }), () =>
      Member.findAll({ include: ['posts'], limit: 2 }),
    );
    await expectSent(members.findOne({ where: { age: 30 } }), () => Member.findOne({ where: { age: 30 } }));
    await expectSent(members.findByPk(alice.id), () => Member.findByPk(alice.id));
    await expectSent(members.count({ include: ['posts'] }), () => Member.count({ include: ['posts'] }));
    await expectSent(members.create({ name: 'bob' }), () => Member.create({ name: 'bob' }));
    // On MySQL/MariaDB the server decides how the keys come back (RETURNING appended on
    // MariaDB 10.5+), which a compile without a connection cannot know: the INSERT is the same.
    sent.length = 0;
    const bulk = members.bulkCreate([{ name: 'c' }, { name: 'd' }]);
    await Member.bulkCreate([{ name: 'c' }, { name: 'd' }]);
    expect(sent).toContainEqual(
      ctx.dialect === 'mysql' ? expect.stringMatching(`^${escapeRegExp(bulk.sql)}( RETURNING .*)?$`) : bulk.sql,
    );
    await expectSent(members.update({ age: 31 }, { where: { name: 'alice' }, returning: true }), () =>
      Member.update({ age: 31 }, { where: { name: 'alice' }, returning: true }),
    );
    await expectSent(members.increment('age', { by: 2, where: { name: 'alice' } }), () =>
      Member.increment('age', { by: 2, where: { name: 'alice' } }),
    );
    await expectSent(members.decrement({ age: 1 }, { where: { name: 'alice' } }), () =>
      Member.decrement({ age: 1 }, { where: { name: 'alice' } }),
    );
    await expectSent(members.upsert({ name: 'alice', age: 40 }, { conflictFields: ['name'] }), () =>
      Member.upsert({ name: 'alice', age: 40 }, { conflictFields: ['name'] }),
    );
    await expectSent(members.destroy({ where: { name: 'bob' } }), () => Member.destroy({ where: { name: 'bob' } }));
    await expectSent(members.restore({ where: { name: 'bob' } }), () => Member.restore({ where: { name: 'bob' } }));
    await expectSent(members.destroy({ where: { name: 'c' }, force: true }), () =>
      Member.destroy({ where: { name: 'c' }, force: true }),
    );
    // Truncate ignores a scope's where, so it runs unscoped and with { all: true } on purpose.
    await expectSent(compile(Member.unscoped()).destroy({ truncate: true, all: true }), () =>
      Member.unscoped().destroy({ truncate: true, all: true }),
    );
  });

  it('sends nothing and runs no hook', () => {
    const members = compile(Member);
    members.findAll({ include: ['posts'] });
    members.findByPk(1);
    members.count();
    members.create({ name: 'x' });
    members.bulkCreate([{ name: 'y' }]);
    members.update({ age: 1 }, { where: { id: 1 } });
    members.destroy({ where: { id: 1 } });
    members.restore({ where: { id: 1 } });
    members.increment('age', { where: { id: 1 } });
    members.upsert({ id: 1, name: 'z' });
    expect(sent).toEqual([]);
    expect(hooksRun).toEqual([]);
  });

  it('fills defaults and converts values as create does', () => {
    const compiled = compile(Member).create({ name: 'x', age: '42' as never });
    expectSql(ctx.dialect, compiled, {
      sqlite: 'insert into `members` (`active`, `age`, `name`) values (?, ?, ?) returning `id`, `deletedAt`',
      postgres: 'insert into "members" ("active", "age", "name") values ($1, $2, $3) returning "id", "deletedAt"',
      mysql: 'insert into `members` (`active`, `age`, `name`) values (?, ?, ?)',
      bindings: [ctx.dialect === 'postgres' ? true : 1, 42, 'x'],
    });
    expect(() => compile(Member).create({ name: 'x', age: 'not a number' as never })).toThrow(ValidationError);
  });

  it('refuses bad input with the errors of the real call', async () => {
    const members = compile(Member);
    const same = async (compiling: () => unknown, running: () => Promise<unknown>): Promise<void> => {
      const thrown = (() => {
        try {
          compiling();
        } catch (error) {
          return error as Error;
        }
        throw new Error('compile() did not throw');
      })();
      expect(thrown).toBeInstanceOf(InvalidQueryError);
      await expect(running()).rejects.toThrow(thrown.message);
    };
    await same(
      () => members.findAll({ where: { name: { $gt: 'a' } as never } }),
      () => Member.findAll({ where: { name: { $gt: 'a' } as never } }),
    );
    await same(
      () => members.update({ age: 1 }, {} as never),
      () => Member.update({ age: 1 }, {} as never),
    );
    await same(
      () => members.destroy({ where: {} }),
      () => Member.destroy({ where: {} }),
    );
    await same(
      () => members.increment('name' as never, { all: true }),
      () => Member.increment('name' as never, { all: true }),
    );
    await same(
      () => members.bulkCreate({} as never),
      () => Member.bulkCreate({} as never),
    );
    await same(
      () => members.findByPk({ id: 1 }),
      () => Member.findByPk({ id: 1 }),
    );
    await same(
      () => members.upsert({ age: 3 } as never),
      () => Member.upsert({ age: 3 } as never),
    );
    await same(
      () => compile(Entry).restore(),
      () => Entry.restore(),
    );
    expect(sent.filter((sql) => !/^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/i.test(sql))).toEqual([]);
  });

  it('says so when the call would send no statement at all', () => {
    expect(() => compile(Member).findByPk(null)).toThrow(/sends no statement/);
    expect(() => compile(Member).bulkCreate([])).toThrow(/sends no statement/);
    expect(() => compile(Member).update({}, { all: true, silent: true })).toThrow(/sends no statement/);
    expect(() =>
      compile(Member).create({ name: 'x', posts: [{ title: 't' }] }, { include: ['posts'] } as never),
    ).toThrow(/one INSERT per row/);
  });

  it('is typed like the model statics', () => {
    // Never called: the @ts-expect-error lines are the test, checked by tsc.
    const typed = (): void => {
      // @ts-expect-error not an attribute of Member
      compile(Member).findAll({ where: { nope: 1 } });
      // @ts-expect-error name is required on create
      compile(Member).create({ age: 3 });
      // @ts-expect-error increment names attributes
      compile(Member).increment('nope', { all: true });
      const { sql, bindings }: { sql: string; bindings: unknown[] } = compile(Member).findOne();
      void [sql, bindings];
    };
    expect(typeof typed).toBe('function');
  });
});

describe('compile(Model) on a connection where no server listens', () => {
  it.each(['postgres://nobody@127.0.0.1:1/x', 'mysql://nobody@127.0.0.1:1/x'])('compiles for %s', async (url) => {
    const sent: string[] = [];
    const db = new Strata(url, { logging: (sql) => void sent.push(sql) });
    try {
      const Thing = db.define('Thing', { name: DataTypes.STRING }, { tableName: 'things', timestamps: false });
      const compiled = compile(Thing).findAll({ where: { name: 'a' }, limit: 1 });
      expect(compiled.bindings).toEqual(['a', 1]);
      expect(compiled.sql).toMatch(/^select .* from .things. where .things.\..name. = (\?|\$1) limit (\?|\$2)$/);
      expect(compile(Thing).update({ name: 'b' }, { where: { id: 1 } }).bindings).toEqual(['b', 1]);
      expect(sent).toEqual([]);
      // The same model's real call does try the address: compile() was the only reason nothing failed.
      await expect(Thing.findAll()).rejects.toThrow();
    } finally {
      await db.close();
    }
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
