import { DataTypes, Model, Strata, ValidationError, type CreationOptional } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Account extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
  declare role: CreationOptional<string>;
  declare credits: CreationOptional<number>;
}

// A JSON request body can carry a `__proto__` key. JSON.parse makes it an own property, and
// reading values through the prototype chain would let it skip validation while its members
// are still written. Values are read as own properties only, and the three prototype keys are
// refused outright with an error naming the model.
describeEachDialect('prototype keys in values', (ctx) => {
  let db: Strata;
  const hostile = () => JSON.parse('{"name":"x","__proto__":{"role":"admin","credits":5000}}') as { name: string };

  beforeAll(async () => {
    db = ctx.connect();
    Account.init(
      {
        name: { type: DataTypes.STRING, allowNull: false },
        role: {
          type: DataTypes.STRING,
          allowNull: false,
          defaultValue: 'user',
          validate: { isIn: [['user', 'staff']] },
        },
        credits: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0, validate: { max: 100 } },
      },
      { strata: db, tableName: 'accounts' },
    );
    await db.sync({ force: true });
  });

  beforeEach(async () => {
    await Account.destroy({ all: true });
  });

  async function storedRoles(): Promise<string[]> {
    return (await Account.findAll({ raw: true })).map((row) => (row as unknown as { role: string }).role);
  }

  const refused = /Account.*"__proto__".*not allowed/s;

  it('create refuses a __proto__ key and writes nothing', async () => {
    await expect(Account.create(hostile())).rejects.toThrow(refused);
    expect(await storedRoles()).toEqual([]);
  });

  it('bulkCreate refuses a __proto__ key in any row and writes nothing', async () => {
    await expect(Account.bulkCreate([{ name: 'ok' }, hostile()])).rejects.toThrow(refused);
    expect(await storedRoles()).toEqual([]);
  });

  it('findOrCreate defaults refuse it', async () => {
    await expect(Account.findOrCreate({ where: { name: 'x' }, defaults: hostile() })).rejects.toThrow(refused);
    expect(await storedRoles()).toEqual([]);
  });

  it('upsert refuses it', async () => {
    await expect(Account.upsert(hostile())).rejects.toThrow(refused);
    expect(await storedRoles()).toEqual([]);
  });

  it('build and set refuse it', () => {
    expect(() => Account.build(hostile())).toThrow(refused);
    const account = Account.build({ name: 'y' });
    expect(() => account.set(hostile())).toThrow(refused);
    expect(() => account.set(JSON.parse('{"constructor":{"prototype":{"polluted":1}}}'))).toThrow(/"constructor"/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('static update and instance update refuse it', async () => {
    const account = await Account.create({ name: 'z' });
    await expect(Account.update(hostile(), { where: { id: account.id } })).rejects.toThrow(refused);
    await expect(account.update(hostile())).rejects.toThrow(refused);
    expect(await storedRoles()).toEqual(['user']);
  });

  it('values inherited from a prototype are not read', async () => {
    const inherited = Object.create({ role: 'admin', credits: 5000 }) as { name: string };
    inherited.name = 'plain';
    const account = await Account.create(inherited);
    expect(account.role).toBe('user');
    expect(account.credits).toBe(0);
    expect(await storedRoles()).toEqual(['user']);
  });

  it('validators still run on own values', async () => {
    await expect(Account.create({ name: 'v', role: 'admin' })).rejects.toThrow(ValidationError);
  });
});

class Grant extends Model {
  declare id: CreationOptional<number>;
  declare title: string;
  declare accountId: CreationOptional<number>;
}

class Ledger extends Model {
  declare id: CreationOptional<number>;
}

// The same refusal for the other ways values come in: the constructor, setDataValue, nested
// create (at the root and in an included row), and the definition itself.
describeEachDialect('prototype keys in values: every other entry point', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Ledger.init({}, { strata: db, tableName: 'ledgers' });
    Grant.init({ title: { type: DataTypes.STRING, allowNull: false } }, { strata: db, tableName: 'grants' });
    Ledger.hasMany(Grant);
    await db.sync({ force: true });
  });

  it('new Model(values) and setDataValue refuse them', () => {
    expect(() => new Grant(JSON.parse('{"title":"t","prototype":{"title":"x"}}'))).toThrow(
      /Grant.*"prototype".*not allowed/,
    );
    expect(() => Grant.build({ title: 't' }).setDataValue('__proto__', { title: 'x' })).toThrow(
      /Grant.*"__proto__".*not allowed/,
    );
  });

  it('nested create refuses them in an included row and writes nothing', async () => {
    const values = JSON.parse('{"grants":[{"title":"ok"},{"title":"g","__proto__":{"title":"x"}}]}') as object;
    await expect(Ledger.create(values, { include: ['grants'] })).rejects.toThrow(/Grant.*"__proto__".*not allowed/);
    expect(await Ledger.count()).toBe(0);
    expect(await Grant.count()).toBe(0);
  });

  it('none of the three can be an attribute name', () => {
    class Odd extends Model {}
    for (const name of ['__proto__', 'constructor', 'prototype']) {
      // A computed key is an own property, as JSON.parse would make it.
      expect(() => Odd.init({ [name]: DataTypes.STRING }, { strata: db, tableName: 'odds' })).toThrow(
        `Odd.${name}: "${name}" is not allowed as an attribute name`,
      );
    }
  });
});
