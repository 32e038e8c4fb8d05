import { DataTypes, Strata } from '@strata/core';
import { hydrate } from '../../src/hydration/hydrate';
import { runtimeOf } from '../../src/runtime/model-runtime';

/** Rows become instances in one place: values parsed for the dialect, loaded and clean. */
const db = new Strata({ dialect: 'sqlite', storage: ':memory:' });
const Thing = db.define(
  'Thing',
  {
    name: DataTypes.STRING,
    rank: { type: DataTypes.INTEGER, field: 'thing_rank' },
    active: DataTypes.BOOLEAN,
    tags: DataTypes.JSON,
  },
  { tableName: 'things', timestamps: false },
);

afterAll(() => db.close());

describe('hydrate', () => {
  const hydrator = () => runtimeOf(Thing).hydrator;

  it('turns an attribute-named row into a loaded instance with parsed values, nothing changed', () => {
    const instance = hydrate(Thing, hydrator(), { id: 1, name: 'a', rank: 2, active: 1, tags: '["x"]' });
    expect(instance).toBeInstanceOf(Thing);
    expect(instance.isNewRecord).toBe(false);
    expect(instance.changed()).toBe(false);
    expect(instance.get({ plain: true })).toEqual({ id: 1, name: 'a', rank: 2, active: true, tags: ['x'] });
  });

  it('reads a column-named row (RETURNING, raw SQL) by attribute, keeping unknown columns', () => {
    const instance = hydrate(Thing, hydrator(), { id: 2, thing_rank: 3, active: 0, extra: 'kept' }, 'columns');
    expect(instance.dataValues).toEqual({ id: 2, rank: 3, active: false, extra: 'kept' });
    expect(instance.isNewRecord).toBe(false);
  });

  it('keeps the attribute-named row object as the values, without copying it', () => {
    const row = { id: 3, name: 'b' };
    expect(hydrate(Thing, hydrator(), row).dataValues).toBe(row);
  });
});
