import {
  DataTypes,
  Model,
  Op,
  Strata,
  UniqueConstraintError,
  ValidationError,
  type CreationOptional,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class User extends Model {
  declare id: CreationOptional<number>;
  declare email: string;
  declare name: string | null;
  declare age: number | null;
}

describeEachDialect('Model create/find/update/destroy', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    User.init(
      {
        email: { type: DataTypes.STRING, allowNull: false, unique: true, validate: { isEmail: true } },
        name: DataTypes.STRING(100),
        age: { type: DataTypes.INTEGER, defaultValue: 18 },
      },
      { strata: db, tableName: 'users' },
    );
    await db.sync({ force: true });
  });

  beforeEach(async () => {
    await User.destroy({ all: true });
  });

  it('creates a row and reads it back by primary key', async () => {
    const alice = await User.create({ email: 'alice@example.com', name: 'Alice' });
    expect(typeof alice.id).toBe('number');
    expect(alice.isNewRecord).toBe(false);
    expect(alice.age).toBe(18);
    const found = await User.findByPk(alice.id);
    expect(found?.get({ plain: true })).toMatchObject({
      id: alice.id,
      email: 'alice@example.com',
      name: 'Alice',
      age: 18,
    });
    expect(found?.get('createdAt')).toBeInstanceOf(Date);
  });

  it('finds with operators, order and limit', async () => {
    await User.create({ email: 'a@example.com', name: 'Ann', age: 30 });
    await User.create({ email: 'b@example.com', name: 'Bob', age: 40 });
    await User.create({ email: 'c@example.com', name: 'Cid', age: 50 });
    const found = await User.findAll({ where: { age: { [Op.gte]: 40 } }, order: [['age', 'DESC']], limit: 1 });
    expect(found.map((u) => u.name)).toEqual(['Cid']);
    expect(await User.count({ where: { name: ['Ann', 'Bob'] } })).toBe(2);
  });

  it('saves only changed attributes and updates by instance', async () => {
    const bob = await User.create({ email: 'bob@example.com', name: 'Bob' });
    bob.name = 'Robert';
    expect(bob.changed()).toEqual(['name']);
    await bob.save();
    expect(bob.changed()).toBe(false);
    await bob.update({ age: 33 });
    const reloaded = await User.findByPk(bob.id);
    expect(reloaded?.name).toBe('Robert');
    expect(reloaded?.age).toBe(33);
  });

  it('updates and destroys by where, and refuses to without one', async () => {
    await User.create({ email: 'x@example.com', name: 'X' });
    await User.create({ email: 'y@example.com', name: 'Y' });
    const [affected] = await User.update({ age: 99 }, { where: { name: 'X' } });
    expect(affected).toBe(1);
    await expect(User.update({ age: 1 }, {})).rejects.toThrow(/needs a where/);
    await expect(User.destroy({})).rejects.toThrow(/needs a where/);
    expect(await User.destroy({ where: { age: 99 } })).toBe(1);
    expect(await User.count()).toBe(1);
  });

  it('resolves findAll({ plain: true }) to the first row only', async () => {
    await User.create({ email: 'p1@example.com', name: 'P1', age: 1 });
    await User.create({ email: 'p2@example.com', name: 'P2', age: 2 });
    const first = await User.findAll({ order: [['age', 'DESC']], plain: true });
    expect(first).toBeInstanceOf(User);
    expect(first?.name).toBe('P2');
    expect(await User.findAll({ where: { age: 99 }, plain: true })).toBeNull();
  });

  it('destroys an instance', async () => {
    const gone = await User.create({ email: 'gone@example.com' });
    await gone.destroy();
    expect(await User.findByPk(gone.id)).toBeNull();
  });

  it('rejects an invalid email with a ValidationError naming model, attribute and rule, and writes nothing', async () => {
    const error = await User.create({ email: 'not-an-email' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const validation = error as ValidationError;
    expect(validation.message).toContain('User');
    expect(validation.errors[0]).toMatchObject({ path: 'email', validatorKey: 'isEmail', value: 'not-an-email' });
    expect(await User.count()).toBe(0);
  });

  it('rejects a value of the wrong type before SQL', async () => {
    const error = await User.create({ email: 'w@example.com', age: 'abc' as unknown as number }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors[0]).toMatchObject({ path: 'age' });
    expect(await User.count()).toBe(0);
  });

  it('maps a duplicate to UniqueConstraintError on every dialect', async () => {
    await User.create({ email: 'dup@example.com' });
    await expect(User.create({ email: 'dup@example.com' })).rejects.toBeInstanceOf(UniqueConstraintError);
  });
});
