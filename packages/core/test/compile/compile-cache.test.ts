import { DataTypes, Model, Op, Strata, type CreationOptional } from '@strata/core';
import { ShapeCache } from '../../src/compile/compile-cache';
import { compileSelect } from '../../src/compile/select';
import { runtimeOf } from '../../src/runtime/model-runtime';
import { describeEachDialect } from '../../../../test-support/dialects';

describe('ShapeCache', () => {
  const built = (values: readonly unknown[], tail: readonly number[]) => ({
    sql: 'select ? , ? limit ?',
    bindings: [...values, ...tail],
  });

  it('builds a shape once, then binds later values in the same positions', () => {
    const cache = new ShapeCache();
    const build = jest.fn(built);
    cache.compile('k', ['a', 1], [10], build);
    const calls = build.mock.calls.length;
    const second = cache.compile('k', ['b', 2], [20], build);
    expect(build.mock.calls.length).toBe(calls);
    expect(second).toEqual({ sql: 'select ? , ? limit ?', bindings: ['b', 2, 20] });
  });

  it('never caches a shape whose builder reorders the values', () => {
    const cache = new ShapeCache();
    const reordering = jest.fn((values: readonly unknown[]) => ({ sql: 'x', bindings: [...values].reverse() }));
    cache.compile('k', ['a', 'b'], [], reordering);
    const again = cache.compile('k', ['c', 'd'], [], reordering);
    expect(again.bindings).toEqual(['d', 'c']);
    expect(reordering).toHaveBeenCalledTimes(3);
  });

  it('sends values knex might transform (arrays, undefined) through the builder', () => {
    const cache = new ShapeCache();
    const build = jest.fn(built);
    cache.compile('k', ['a', 1], [], build);
    const calls = build.mock.calls.length;
    cache.compile('k', [['x'], 1], [], build);
    expect(build.mock.calls.length).toBe(calls + 1);
  });

  it('forgets every shape when full, and still answers', () => {
    const cache = new ShapeCache(2);
    for (const key of ['a', 'b', 'c']) cache.compile(key, [key], [], built);
    expect(cache.compile('a', ['z'], [], built).bindings).toEqual(['z']);
  });
});

class Person extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
  declare age: number | null;
}

describeEachDialect('compiled shapes against the database', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Person.init(
      { name: { type: DataTypes.STRING, allowNull: false }, age: DataTypes.INTEGER },
      { strata: db, tableName: 'people', timestamps: false },
    );
    await db.sync({ force: true });
  });

  beforeEach(async () => {
    await Person.destroy({ all: true });
  });

  it('gives a repeated SELECT shape the SQL knex built and the new values', () => {
    const context = runtimeOf(Person);
    const first = compileSelect(context, { where: { age: { [Op.gt]: 1 } }, limit: 5, offset: 2 });
    const second = compileSelect(context, { where: { age: { [Op.gt]: 7 } }, limit: 9, offset: 4 });
    expect(second.sql).toBe(first.sql);
    expect(second.bindings).toEqual([7, 9, 4]);
  });

  it('answers repeated finds, creates and updates of one shape with their own values', async () => {
    const created: Person[] = [];
    for (let i = 0; i < 5; i += 1) created.push(await Person.create({ name: `p${i}`, age: 20 + i }));
    for (const person of created) {
      expect((await Person.findByPk(person.id))?.name).toBe(person.name);
    }
    for (const person of created) await Person.update({ age: person.age! + 100 }, { where: { id: person.id } });
    const ages = (await Person.findAll({ order: [['id', 'ASC']] })).map((p) => p.age);
    expect(ages).toEqual([120, 121, 122, 123, 124]);
    const pages = [];
    for (const offset of [0, 2, 4]) {
      pages.push((await Person.findAll({ order: [['age', 'DESC']], limit: 2, offset })).map((p) => p.name));
    }
    expect(pages).toEqual([['p4', 'p3'], ['p2', 'p1'], ['p0']]);
  });

  it('inserts bulkCreate batches of one shape with each row its values', async () => {
    const records = Array.from({ length: 1203 }, (_, i) => ({ name: `b${i}`, age: i }));
    const people = await Person.bulkCreate(records);
    expect(people.map((p) => p.name)).toEqual(records.map((r) => r.name));
    const stored = await Person.findAll({ where: { age: { [Op.in]: [0, 499, 500, 1202] } }, order: [['age', 'ASC']] });
    expect(stored.map((p) => p.name)).toEqual(['b0', 'b499', 'b500', 'b1202']);
  });
});
