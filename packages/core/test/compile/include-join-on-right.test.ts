import { DataTypes, Model, Strata, col, type CreationOptional } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Reviewer extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
  declare badgeCode: string | null;
}
class Badge extends Model {
  declare id: CreationOptional<number>;
  declare code: string;
  declare level: number;
}

/** include: [{ on }] joins on the given condition; include: [{ right: true }] is a RIGHT OUTER JOIN. */
describeEachDialect('include on and right', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Reviewer.init(
      { name: DataTypes.STRING, badgeCode: DataTypes.STRING },
      { strata: db, tableName: 'jor_reviewers', timestamps: false },
    );
    Badge.init(
      { code: DataTypes.STRING, level: DataTypes.INTEGER },
      { strata: db, tableName: 'jor_badges', timestamps: false },
    );
    // The association's own keys (badgeId) are not what these queries join on.
    Reviewer.belongsTo(Badge, { as: 'badge', foreignKey: 'badgeId', constraints: false });
    await db.sync({ force: true });
    await Badge.bulkCreate([
      { code: 'gold', level: 3 },
      { code: 'silver', level: 2 },
      { code: 'bronze', level: 1 },
    ]);
    await Reviewer.bulkCreate([
      { name: 'ann', badgeCode: 'gold' },
      { name: 'bob', badgeCode: 'silver' },
      { name: 'cid', badgeCode: null },
    ]);
  });

  it('joins on the on condition (the where grammar, parent columns as $Parent.attribute$)', async () => {
    const rows = await Reviewer.findAll({
      include: [{ association: 'badge', on: { code: col('$Reviewer.badgeCode$') } }],
      order: [['name', 'ASC']],
    });
    expect(rows.map((r) => [r.name, (r.get('badge') as Badge | null)?.code ?? null])).toEqual([
      ['ann', 'gold'],
      ['bob', 'silver'],
      ['cid', null],
    ]);
    const required = await Reviewer.findAll({
      include: [{ association: 'badge', required: true, on: { code: col('$badgeCode$'), level: 3 } }],
    });
    expect(required.map((r) => r.name)).toEqual(['ann']);
  });

  it('right: true keeps every included row, with or without a parent', async () => {
    const rows = await Reviewer.findAll({
      include: [{ association: 'badge', right: true, on: { code: col('$Reviewer.badgeCode$') } }],
    });
    const pairs = rows
      .map((r) => [r.name ?? null, (r.get('badge') as Badge | null)?.code ?? null])
      .sort((a, b) => String(a[1]).localeCompare(String(b[1])));
    expect(pairs).toEqual([
      [null, 'bronze'],
      ['ann', 'gold'],
      ['bob', 'silver'],
    ]);
  });

  it('refuses on and right on a to-many include', async () => {
    class Note extends Model {}
    Note.init({ text: DataTypes.STRING }, { strata: db, tableName: 'jor_notes', timestamps: false });
    Reviewer.hasMany(Note, { as: 'notes', foreignKey: 'reviewerId' });
    await expect(Reviewer.findAll({ include: [{ association: 'notes', right: true }] })).rejects.toThrow(
      'Reviewer: right and on need a to-one include; notes is loaded by its own query',
    );
  });
});
