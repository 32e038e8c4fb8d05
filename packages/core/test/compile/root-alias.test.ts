import { ConnectionError, DataTypes, Model, Strata, compile, fn, literal, type CreationOptional } from '@strata/core';
import { ShapeCache } from '../../src/compile/compile-cache';
import { compileSelect, type SelectContext } from '../../src/compile/select';
import { runtimeOf } from '../../src/runtime/model-runtime';
import { describeEachDialect, type TestDialect } from '../../../../test-support/dialects';
import { expectSql } from '../../../../test-support/expect-sql';

/** On the `rootAlias: 'model'` connection. */
class Account extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
  declare accountId: number | null;
}
class Badge extends Model {
  declare id: CreationOptional<number>;
  declare label: string;
  declare accountId: number;
}
/** The same table on a connection with the default alias. */
class PlainAccount extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
}

/** An identifier as the developer would quote it by hand in a literal on this dialect. */
function quoted(dialect: TestDialect, ...names: string[]): string {
  return names.map((name) => (dialect === 'mysql' ? `\`${name}\`` : `"${name}"`)).join('.');
}

describeEachDialect('rootAlias: a find names its table by the model name (Sequelize) or the table name', (ctx) => {
  let modelAliased: Strata;
  let tableAliased: Strata;

  beforeAll(async () => {
    modelAliased = ctx.connect({ rootAlias: 'model' });
    Account.init({ name: DataTypes.STRING }, { strata: modelAliased, tableName: 'accounts', timestamps: false });
    Badge.init({ label: DataTypes.STRING }, { strata: modelAliased, tableName: 'badges', timestamps: false });
    Account.hasMany(Badge, { as: 'badges' });
    Badge.belongsTo(Account, { as: 'account' });
    await modelAliased.sync({ force: true });
    await Account.bulkCreate([{ name: 'ann' }, { name: 'bob' }]);
    await Badge.bulkCreate([
      { label: 'gold', accountId: 1 },
      { label: 'silver', accountId: 1 },
    ]);
    // The same database on the servers; on SQLite (one database per connection) a copy of the rows.
    tableAliased = ctx.connect();
    PlainAccount.init({ name: DataTypes.STRING }, { strata: tableAliased, tableName: 'accounts', timestamps: false });
    if (ctx.dialect === 'sqlite') {
      await tableAliased.sync();
      await PlainAccount.bulkCreate([{ name: 'ann' }, { name: 'bob' }]);
    }
  });

  it("'model' aliases the table with the model name, so literals written for Sequelize work", async () => {
    const q = (...names: string[]): string => quoted(ctx.dialect, ...names);
    expectSql(ctx.dialect, compile(Account).findAll({ where: { name: 'ann' } }), {
      default: 'select `Account`.`id`, `Account`.`name` from `accounts` as `Account` where `Account`.`name` = ?',
      bindings: ['ann'],
    });
    const found = await Account.findAll({
      attributes: ['id', [literal(`UPPER(${q('Account', 'name')})`), 'shout']],
      where: literal(`${q('Account', 'id')} = 1`),
      order: literal(`${q('Account', 'name')} DESC`),
      raw: true,
    });
    expect(found).toEqual([{ id: 1, shout: 'ANN' }]);
    expect(await Account.count({ where: literal(`${q('Account', 'name')} = 'bob'`) })).toBe(1);
    expect((await Account.findByPk(2))?.name).toBe('bob');
  });

  it("'model' also names the root of a find with includes and of a separate load", async () => {
    const q = (...names: string[]): string => quoted(ctx.dialect, ...names);
    const accounts = await Account.findAll({
      include: [{ association: 'badges', where: literal(`${q('badges', 'label')} <> 'silver'`) }],
      where: literal(`${q('Account', 'id')} IN (1, 2)`),
    });
    expect(accounts.map((a) => [a.name, (a.get('badges') as Badge[]).map((b) => b.label)])).toEqual([
      ['ann', ['gold']],
    ]);
    const badges = await Badge.findAll({
      include: ['account'],
      where: literal(`${q('Badge', 'label')} = 'gold'`),
    });
    expect(badges.map((b) => (b.get('account') as Account).name)).toEqual(['ann']);
  });

  it("'table' (the default) keeps the table name, and UPDATE/DELETE name the table either way", async () => {
    expectSql(ctx.dialect, compile(PlainAccount).findAll({ where: { name: 'ann' } }), {
      default: 'select `accounts`.`id`, `accounts`.`name` from `accounts` where `accounts`.`name` = ?',
      bindings: ['ann'],
    });
    expect(
      (await PlainAccount.findAll({ where: literal(`${quoted(ctx.dialect, 'accounts', 'id')} = 2`) }))[0].name,
    ).toBe('bob');
    expectSql(ctx.dialect, compile(Account).update({ name: 'x' }, { where: { id: 1 } }), {
      default: 'update `accounts` set `name` = ? where `accounts`.`id` = ?',
      bindings: ['x', 1],
    });
  });

  it('the alias is part of the compiled-SQL cache key', () => {
    const runtime = runtimeOf(Account);
    const shared = new ShapeCache();
    const context = (rootAlias: 'table' | 'model'): SelectContext => ({
      definition: runtime.definition,
      dialect: runtime.dialect,
      knex: runtime.knex,
      shapeCache: shared,
      rootAlias,
    });
    const options = { where: { name: 'ann' }, attributes: ['id', [fn('COUNT', 1), 'n']] as never };
    const byModel = compileSelect(context('model'), options);
    const byTable = compileSelect(context('table'), options);
    expect(byModel.sql).toMatch(/as .Account./);
    expect(byTable.sql).not.toMatch(/Account/);
    // Again, now from the cache: each keeps its own SQL.
    expect(compileSelect(context('model'), options).sql).toBe(byModel.sql);
    expect(compileSelect(context('table'), options).sql).toBe(byTable.sql);
  });

  it('an unknown rootAlias is refused when the connection is made', () => {
    expect(() => new Strata({ dialect: 'sqlite', storage: ':memory:', rootAlias: 'Model' as never })).toThrow(
      ConnectionError,
    );
    expect(() => new Strata({ dialect: 'sqlite', storage: ':memory:', rootAlias: 'Model' as never })).toThrow(
      /rootAlias must be 'table' or 'model', got "Model"/,
    );
  });
});
