import { DataTypes, InvalidQueryError, Model, Strata, type CreationOptional } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Counter extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
  declare count: CreationOptional<number>;
  declare score: CreationOptional<number>;
}

describeEachDialect('increment and decrement', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Counter.init(
      {
        name: { type: DataTypes.STRING, allowNull: false },
        count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0, field: 'hit_count' },
        score: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      },
      { strata: db, tableName: 'counters' },
    );
    await db.sync({ force: true });
  });

  beforeEach(async () => {
    await Counter.destroy({ all: true });
  });

  it('increments statically by where, with by, several fields and amounts', async () => {
    const a = await Counter.create({ name: 'a', count: 1, score: 10 });
    const b = await Counter.create({ name: 'b', count: 1, score: 10 });
    const [affected] = await Counter.increment('count', { where: { name: 'a' } });
    expect(affected).toBe(1);
    await Counter.increment(['count', 'score'], { by: 5, where: { name: 'a' } });
    await Counter.increment({ count: 2, score: -3 }, { where: { name: 'b' } });
    await Counter.decrement('score', { by: 4, where: { name: 'b' } });
    expect((await Counter.findByPk(a.id))?.get({ plain: true })).toMatchObject({ count: 7, score: 15 });
    expect((await Counter.findByPk(b.id))?.get({ plain: true })).toMatchObject({ count: 3, score: 3 });
  });

  it('returns the changed rows with returning on every dialect', async () => {
    await Counter.create({ name: 'r', count: 1 });
    const [affected, rows] = await Counter.increment('count', { by: 2, where: { name: 'r' }, returning: true });
    expect(affected).toBe(1);
    expect(rows?.map((r) => r.count)).toEqual([3]);
  });

  it('increments an instance and refreshes the value, adding up concurrent increments', async () => {
    const counter = await Counter.create({ name: 'i' });
    await counter.increment('count', { by: 3 });
    expect(counter.count).toBe(3);
    expect(counter.changed()).toBe(false);
    await counter.decrement({ score: 2 });
    expect(counter.score).toBe(-2);
    await Promise.all([1, 2, 3, 4].map(() => Counter.increment('count', { where: { id: counter.id } })));
    expect((await Counter.findByPk(counter.id))?.count).toBe(7);
  });

  it('refuses no where, non-numeric attributes and amounts that are not numbers', async () => {
    await Counter.create({ name: 'x', count: 1 });
    await expect(Counter.increment('count', {} as never)).rejects.toThrow(/needs a where/);
    await expect(Counter.increment('name' as never, { where: { id: 1 } })).rejects.toThrow(/not a numeric attribute/);
    await expect(
      Counter.increment('count', { by: '1; DROP TABLE counters' as never, all: true }),
    ).rejects.toBeInstanceOf(InvalidQueryError);
    await expect(Counter.increment({ count: { $gt: 1 } } as never, { all: true })).rejects.toBeInstanceOf(
      InvalidQueryError,
    );
    await Counter.increment('count', { all: true });
    expect((await Counter.findOne({ where: { name: 'x' } }))?.count).toBe(2);
  });
});
