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
        role: { type: DataTypes.STRING, allowNull: false, defaultValue: 'user', validate: { isIn: [['user', 'staff']] } },
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
