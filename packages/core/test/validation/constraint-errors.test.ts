import {
  DataTypes,
  ForeignKeyConstraintError,
  Model,
  Strata,
  UniqueConstraintError,
  type CreationOptional,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';
import { rejection } from '../../../../test-support/rejection';

class Team extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
}

class Member extends Model {
  declare id: CreationOptional<number>;
  declare email: string;
  declare handle: string;
  declare teamId: number;
  declare seat: number;
  declare badge: string | null;
}

describeEachDialect('constraint errors in attribute names', (ctx) => {
  let db: Strata;
  let team: Team;

  beforeAll(async () => {
    db = ctx.connect();
    Team.init({ name: { type: DataTypes.STRING, allowNull: false } }, { strata: db, tableName: 'teams' });
    Member.init(
      {
        // field differs from the attribute: the error must still say `email`.
        email: { type: DataTypes.STRING, allowNull: false, field: 'email_address', unique: true },
        handle: {
          type: DataTypes.STRING,
          allowNull: false,
          field: 'user_handle',
          unique: { msg: 'That handle is taken' },
        },
        teamId: {
          type: DataTypes.INTEGER,
          allowNull: false,
          field: 'team_ref',
          unique: 'one_seat_per_team',
          references: { model: 'teams' },
        },
        seat: { type: DataTypes.INTEGER, allowNull: false, unique: 'one_seat_per_team' },
        badge: { type: DataTypes.STRING, field: 'badge_code' },
      },
      {
        strata: db,
        tableName: 'members',
        indexes: [{ unique: true, fields: ['badge'] }],
      },
    );
    await db.sync({ force: true });
    team = await Team.create({ name: 'Core' });
  });

  beforeEach(async () => {
    await Member.destroy({ all: true });
    await Member.create({ email: 'a@x.io', handle: 'ann', teamId: team.id, seat: 1, badge: 'B1' });
  });

  const values = (overrides: Partial<Member>): Partial<Member> => ({
    email: 'b@x.io',
    handle: 'bob',
    teamId: team.id,
    seat: 2,
    badge: 'B2',
    ...overrides,
  });

  it('a unique attribute with its own column name: fields is the attribute name', async () => {
    const error = await rejection(Member.create(values({ email: 'a@x.io' }) as never), UniqueConstraintError);
    expect(error.fields).toEqual(['email']);
    expect(error.message).toMatch(/^Member: email must be unique/);
    expect(error.errors.map((e) => [e.path, e.type, e.message])).toEqual([
      ['email', 'unique violation', 'email must be unique'],
    ]);
    expect(await Member.count()).toBe(1);
  });

  it('unique: { msg } becomes the error message', async () => {
    const error = await rejection(Member.create(values({ handle: 'ann' }) as never), UniqueConstraintError);
    expect(error.fields).toEqual(['handle']);
    expect(error.message).toBe('That handle is taken');
    expect(error.errors[0]?.message).toBe('That handle is taken');
  });

  it('a composite unique name maps to all its attributes', async () => {
    const error = await rejection(Member.create(values({ seat: 1 }) as never), UniqueConstraintError);
    expect([...error.fields].sort()).toEqual(['seat', 'teamId']);
  });

  it('a unique index maps to its attributes', async () => {
    const error = await rejection(Member.create(values({ badge: 'B1' }) as never), UniqueConstraintError);
    expect(error.fields).toEqual(['badge']);
  });

  it('a duplicate primary key maps to the primary key attribute', async () => {
    const error = await rejection(Team.create({ id: team.id, name: 'Again' }), UniqueConstraintError);
    expect(error.fields).toEqual(['id']);
  });

  it('bulkCreate, instance update and static update report attribute names too', async () => {
    const bulk = await rejection(
      Member.bulkCreate([values({}), values({ email: 'c@x.io', handle: 'bob', seat: 3, badge: 'B3' })] as never),
      UniqueConstraintError,
    );
    expect(bulk.fields).toEqual(['handle']);
    expect(await Member.count()).toBe(1);
    const other = await Member.create(values({}) as never);
    const update = await rejection(other.update({ email: 'a@x.io' }), UniqueConstraintError);
    expect(update.fields).toEqual(['email']);
    const statics = await rejection(
      Member.update({ handle: 'ann' }, { where: { id: other.id } }),
      UniqueConstraintError,
    );
    expect(statics.message).toBe('That handle is taken');
  });

  it('a foreign key violation is ForeignKeyConstraintError and writes nothing', async () => {
    await rejection(Member.create(values({ teamId: 987654 }) as never), ForeignKeyConstraintError);
    await rejection(Team.destroy({ where: { id: team.id } }), ForeignKeyConstraintError);
    expect(await Member.count()).toBe(1);
    expect(await Team.count()).toBe(1);
  });

  it('stays JSON-safe', async () => {
    const error = await rejection(Member.create(values({ email: 'a@x.io' }) as never), UniqueConstraintError);
    const json = JSON.parse(JSON.stringify(error)) as { fields: string[] };
    expect(json.fields).toEqual(['email']);
  });
});
