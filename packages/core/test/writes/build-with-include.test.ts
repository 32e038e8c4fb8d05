import { DataTypes, Model, Strata, UniqueConstraintError, type CreationOptional } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Writer extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
  declare teamId: number | null;
}
class Draft extends Model {
  declare id: CreationOptional<number>;
  declare slug: string;
  declare writerId: number | null;
}
class Team extends Model {
  declare id: CreationOptional<number>;
  declare label: string;
}

/** Model.build(values, { include }) then save() writes the graph as create with include does. */
describeEachDialect('build with include, then save', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Writer.init({ name: DataTypes.STRING }, { strata: db, tableName: 'bwi_writers', timestamps: false });
    Draft.init(
      { slug: { type: DataTypes.STRING, unique: true } },
      { strata: db, tableName: 'bwi_drafts', timestamps: false },
    );
    Team.init({ label: DataTypes.STRING }, { strata: db, tableName: 'bwi_teams', timestamps: false });
    Writer.hasMany(Draft, { as: 'drafts', foreignKey: 'writerId' });
    Writer.belongsTo(Team, { as: 'team', foreignKey: 'teamId' });
    await db.sync({ force: true });
  });

  beforeEach(async () => {
    await Draft.destroy({ all: true });
    await Writer.destroy({ all: true });
    await Team.destroy({ all: true });
  });

  it('builds the associated instances without writing, and save() writes the whole graph', async () => {
    const writer = Writer.build(
      { name: 'Ann', team: { label: 'core' }, drafts: [{ slug: 'a' }, { slug: 'b' }] } as never,
      { include: ['drafts', 'team'] },
    );
    expect(writer.isNewRecord).toBe(true);
    expect((writer.get('drafts') as Draft[]).map((draft) => draft.slug)).toEqual(['a', 'b']);
    expect(await Writer.count()).toBe(0);

    await writer.save();
    expect(writer.isNewRecord).toBe(false);
    const loaded = await Writer.findByPk(writer.id, { include: ['drafts', 'team'] });
    expect(loaded?.get('team')).toMatchObject({ label: 'core' });
    expect(((loaded?.get('drafts') as Draft[]) ?? []).map((draft) => draft.slug).sort()).toEqual(['a', 'b']);
    expect(await Draft.count({ where: { writerId: writer.id } })).toBe(2);
  });

  it('writes nothing when one row of the graph fails (one transaction)', async () => {
    await Draft.create({ slug: 'taken' });
    const writer = Writer.build({ name: 'Bob', drafts: [{ slug: 'fresh' }, { slug: 'taken' }] } as never, {
      include: ['drafts'],
    });
    await expect(writer.save()).rejects.toThrow(UniqueConstraintError);
    expect(await Writer.count()).toBe(0);
    expect((await Draft.findAll()).map((draft) => draft.slug)).toEqual(['taken']);
  });
});
