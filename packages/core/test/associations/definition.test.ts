import {
  DataTypes,
  ForeignKeyConstraintError,
  Model,
  ModelDefinitionError,
  Strata,
  type CreationOptional,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Team extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
}
class Player extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
}
class Note extends Model {
  declare id: CreationOptional<number>;
  declare text: string;
}
class Match extends Model {
  declare id: CreationOptional<number>;
}

describeEachDialect('association definitions', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Team.init({ name: DataTypes.STRING }, { strata: db, tableName: 'teams', underscored: true });
    Player.init({ name: DataTypes.STRING }, { strata: db, tableName: 'players', underscored: true });
    Note.init({ text: DataTypes.STRING }, { strata: db, tableName: 'notes' });
    Match.init({}, { strata: db, tableName: 'matches' });
    Team.hasMany(Player, { onDelete: 'CASCADE' });
    Player.belongsTo(Team);
    Note.belongsTo(Player, { as: 'author', foreignKey: { name: 'writtenBy', allowNull: false }, onDelete: 'CASCADE' });
    Note.belongsTo(Team, { constraints: false });
    Match.belongsTo(Team, { as: 'home' });
    Match.belongsTo(Team, { as: 'away' });
    await db.sync({ force: true });
  });

  it('adds the foreign keys as attributes, named by convention', () => {
    expect(Player.getAttributes().teamId).toMatchObject({
      field: 'team_id',
      allowNull: true,
      references: { table: 'teams', key: 'id' },
      onDelete: 'CASCADE',
      onUpdate: 'CASCADE',
    });
    expect(Note.getAttributes().writtenBy).toMatchObject({ allowNull: false, onDelete: 'CASCADE' });
    expect(Note.getAttributes().teamId?.references).toBeUndefined();
    expect('homeId' in Match.getAttributes()).toBe(true);
    expect('awayId' in Match.getAttributes()).toBe(true);
    expect(Object.keys(Team.associations)).toEqual(['players']);
    expect(Object.keys(Match.associations)).toEqual(['home', 'away']);
  });

  it('sync creates the columns with FOREIGN KEY constraints that the database enforces', async () => {
    const columns = await db.getQueryInterface().describeTable('players');
    expect(Object.keys(columns)).toContain('team_id');
    const team = await Team.create({ name: 'Reds' });
    const player = await Player.create({ name: 'Ann', teamId: team.id } as never);
    await Note.create({ text: 'hi', writtenBy: player.id } as never);
    await expect(Player.create({ name: 'Nobody', teamId: 999 } as never)).rejects.toThrow(ForeignKeyConstraintError);
    // constraints: false: any value is accepted.
    await expect(Note.create({ text: 'free', writtenBy: player.id, teamId: 999 } as never)).resolves.toBeDefined();
    // onDelete CASCADE: the team's players go with it, and their notes with them.
    await team.destroy();
    expect(await Player.count()).toBe(0);
    expect(await Note.count()).toBe(0);
  });

  it('onDelete SET NULL by default for nullable keys', async () => {
    const team = await Team.create({ name: 'Blues' });
    const match = await Match.create({ homeId: team.id } as never);
    await team.destroy();
    await match.reload();
    expect(match.get('homeId')).toBeNull();
  });

  it('refuses an alias used twice or equal to an attribute', () => {
    expect(() => Match.belongsTo(Team, { as: 'home' })).toThrow(ModelDefinitionError);
    expect(() => Team.hasMany(Player, { as: 'name' })).toThrow(/alias name is also an attribute/);
    expect(() => Team.hasMany(Player, { as: 'a.b' })).toThrow(/must be a plain name/);
  });
});
