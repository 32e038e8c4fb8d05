import { DataTypes, Model, ModelDefinitionError, Strata, ValidationError } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Tagged extends Model {}

describeEachDialect('ARRAY(type)', (ctx) => {
  let db: Strata;
  beforeAll(() => {
    db = ctx.connect();
  });

  const attributes = {
    tags: DataTypes.ARRAY(DataTypes.STRING(20)),
    scores: DataTypes.ARRAY(DataTypes.INTEGER),
    flags: DataTypes.ARRAY(DataTypes.BOOLEAN),
    big: DataTypes.ARRAY(DataTypes.BIGINT),
    amounts: DataTypes.ARRAY(DataTypes.DECIMAL(10, 2)),
  };

  if (ctx.dialect !== 'postgres') {
    it('is refused when the model is defined, naming the model and attribute', () => {
      expect(() => Tagged.init(attributes, { strata: db })).toThrow(ModelDefinitionError);
      expect(() => Tagged.init(attributes, { strata: db })).toThrow(
        /Tagged\.tags: ARRAY columns exist only on PostgreSQL; use JSON/,
      );
    });
    return;
  }

  it('round-trips arrays of each element type on PostgreSQL', async () => {
    Tagged.init(attributes, { strata: db, timestamps: false });
    await Tagged.sync({ force: true });
    const values = {
      tags: ['a', "b'c", 'with,comma', '{braces}', ''],
      scores: [1, -2, 2147483647],
      flags: [true, false],
      big: ['9223372036854775807', '-1'],
      amounts: ['1.50', '-0.01'],
    };
    const created = await Tagged.create({ ...values, big: [2n ** 63n - 1n, -1], amounts: [1.5, '-0.01'] } as never);
    const found = await Tagged.findByPk(created.get('id') as number);
    expect(found?.get({ plain: true })).toEqual({ id: created.get('id'), ...values });
    const empty = await Tagged.create({ tags: [], scores: [] } as never);
    expect((await Tagged.findByPk(empty.get('id') as number))?.get('tags')).toEqual([]);
    const holes = await Tagged.create({ tags: [null, 'a', null], scores: [null], flags: [] } as never);
    expect((await Tagged.findByPk(holes.get('id') as number))?.get({ plain: true })).toMatchObject({
      tags: [null, 'a', null],
      scores: [null],
      flags: [],
    });
    await expect(Tagged.create({ scores: [1, 'x'] } as never)).rejects.toBeInstanceOf(ValidationError);
    await expect(Tagged.create({ scores: 3 } as never)).rejects.toThrow(/Tagged\.scores: expected array/);
  });
});
