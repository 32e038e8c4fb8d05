import { DataTypes, Model, Op, Strata, compile, literal, type CreationOptional } from '@strata/core';
import { ShapeCache } from '../../src/compile/compile-cache';
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

/** The same table as Person, its `name` column read as `label`. */
class Labelled extends Model {
  declare id: CreationOptional<number>;
  declare label: string;
}

/** A paranoid model, for updates by key that must leave deleted rows alone. */
class Note extends Model {
  declare id: CreationOptional<number>;
  declare text: string;
}

describeEachDialect('compiled shapes against the database', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Person.init(
      { name: { type: DataTypes.STRING, allowNull: false }, age: DataTypes.INTEGER },
      { strata: db, tableName: 'people', timestamps: false },
    );
    Labelled.init(
      { label: { type: DataTypes.STRING, allowNull: false, field: 'name' } },
      { strata: db, tableName: 'people', timestamps: false },
    );
    Note.init({ text: DataTypes.STRING }, { strata: db, tableName: 'notes', paranoid: true });
    await Person.sync({ force: true });
    await Note.sync({ force: true });
  });

  beforeEach(async () => {
    await Person.destroy({ all: true });
  });

  it('gives a repeated SELECT shape the SQL knex built and the new values', () => {
    const first = compile(Person).findAll({ where: { age: { [Op.gt]: 1 } }, limit: 5, offset: 2 });
    const second = compile(Person).findAll({ where: { age: { [Op.gt]: 7 } }, limit: 9, offset: 4 });
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

  it('updates by integer key with each call its own columns, key and model', async () => {
    const [a, b] = await Person.bulkCreate([
      { name: 'a', age: 1 },
      { name: 'b', age: 2 },
    ]);
    await Person.update({ age: 10 }, { where: { id: a.id } });
    await Person.update({ age: 20 }, { where: { id: b.id } });
    await Person.update({ name: 'b2' }, { where: { id: b.id } });
    await Person.update({ name: 'a2', age: 11 }, { where: { id: a.id } });
    // Another model on the same table, its attribute mapped to the same column.
    await Labelled.update({ label: 'a3' }, { where: { id: a.id } });
    await Labelled.update({ label: 'b3' }, { where: { id: b.id } });
    // Not a plain integer key: the general path, the same result.
    await Person.update({ age: 21 }, { where: { id: { [Op.eq]: b.id } } });
    await Person.update({ age: 12 }, { where: { id: a.id, name: 'a3' } });
    const rows = (await Person.findAll({ order: [['id', 'ASC']] })).map((p) => [p.name, p.age]);
    expect(rows).toEqual([
      ['a3', 12],
      ['b3', 21],
    ]);
    expect(compile(Person).update({ age: 5 }, { where: { id: 7 } }).bindings).toEqual([5, 7]);
    expect(compile(Labelled).update({ label: 'x' }, { where: { id: 8 } }).bindings).toEqual(['x', 8]);
  });

  it("leaves a paranoid model's deleted rows alone after an update by key that included them", async () => {
    const [kept, gone] = await Note.bulkCreate([{ text: 'kept' }, { text: 'gone' }]);
    await gone.destroy();
    await Note.update({ text: 'seen' }, { where: { id: gone.id }, paranoid: false });
    const [missed] = await Note.update({ text: 'not seen' }, { where: { id: gone.id } });
    const [hit] = await Note.update({ text: 'kept2' }, { where: { id: kept.id } });
    expect([missed, hit]).toEqual([0, 1]);
    const stored = await Note.findByPk(gone.id, { paranoid: false });
    expect(stored?.text).toBe('seen');
  });

  it('creates one row at a time whatever the columns and values of the one before', async () => {
    await Person.create({ name: 'c1', age: 1 });
    await Person.create({ name: 'c2' });
    await Person.create({ name: 'c3', age: literal('40 + 2') as unknown as number });
    await Person.create({ name: 'c4', age: null });
    await Person.create({ name: 'c5', age: 5 });
    const rows = (await Person.findAll({ order: [['id', 'ASC']] })).map((p) => [p.name, p.age]);
    expect(rows).toEqual([
      ['c1', 1],
      ['c2', null],
      ['c3', 42],
      ['c4', null],
      ['c5', 5],
    ]);
  });
});
