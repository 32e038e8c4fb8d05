import {
  ConnectionError,
  DataTypes,
  fn,
  col,
  InvalidQueryError,
  Model,
  ModelDefinitionError,
  Strata,
  type CreationOptional,
} from '@strata/core';
import { Sequelize } from '@strata/core/sequelize';
import { describeEachDialect, type DialectContext } from '../../../../test-support/dialects';

class Member extends Model {
  declare id: CreationOptional<number>;
  declare email: string;
  declare nickname: string | null;
  declare shout: CreationOptional<string>;
  declare notes?: Note[];
}

class Note extends Model {
  declare id: CreationOptional<number>;
  declare body: string;
  declare memberId: number;
}

/** Member (with a virtual, a setter method and an association) and Note on `db`. */
async function defineModels(db: Strata, unknownAttributes?: 'error' | 'ignore'): Promise<void> {
  Member.init(
    {
      email: { type: DataTypes.STRING, allowNull: false },
      nickname: DataTypes.STRING,
      shout: {
        type: DataTypes.VIRTUAL,
        get() {
          return String(this.getDataValue('email')).toUpperCase();
        },
      },
    },
    {
      strata: db,
      tableName: 'members',
      timestamps: false,
      ...(unknownAttributes && { unknownAttributes }),
      setterMethods: {
        handle(value: string) {
          this.setDataValue('nickname', `@${value}`);
        },
      },
    },
  );
  Note.init(
    { body: { type: DataTypes.STRING, allowNull: false } },
    { strata: db, tableName: 'notes', timestamps: false },
  );
  Member.hasMany(Note, { as: 'notes', foreignKey: 'memberId' });
  Note.belongsTo(Member, { foreignKey: 'memberId' });
  await db.sync({ force: true });
}

/** A Sequelize preset connection to this suite's database. */
function sequelizeFor(ctx: DialectContext): Sequelize {
  return ctx.dialect === 'sqlite' ? new Sequelize('sqlite::memory:', {}) : new Sequelize(ctx.url, { logging: false });
}

describeEachDialect('unknown keys in the values of build, create, set and update', (ctx) => {
  describe("by default ('error')", () => {
    beforeAll(async () => {
      await defineModels(ctx.connect());
    });

    beforeEach(async () => {
      await Note.destroy({ all: true });
      await Member.destroy({ all: true });
    });

    it('create refuses a key naming nothing of the model, names the model and the key, writes no row', async () => {
      const error = await Member.create({ email: 'a@x.io', nope: 1 } as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidQueryError);
      expect((error as Error).message).toMatch(/^Member: "nope" is not an attribute or association of Member/);
      expect((error as Error).message).toContain("unknownAttributes: 'ignore'");
      expect(await Member.count()).toBe(0);
    });

    it('suggests the closest attribute for a misspelt one', () => {
      expect(() => Member.build({ emial: 'a@x.io' } as never)).toThrow(/"emial" .* did you mean "email"\?/);
    });

    it('bulkCreate, set, instance update and static update refuse it too', async () => {
      await expect(Member.bulkCreate([{ email: 'a@x.io' }, { email: 'b@x.io', nope: 1 } as never])).rejects.toThrow(
        /Member: "nope" is not an attribute/,
      );
      expect(await Member.count()).toBe(0);
      const member = await Member.create({ email: 'a@x.io' });
      expect(() => member.set({ nicknam: 'A' } as never)).toThrow(/"nicknam" .* did you mean "nickname"\?/);
      expect(() => member.set('nope', 1)).toThrow(InvalidQueryError);
      await expect(member.update({ nickname: 'A', nope: 1 } as never)).rejects.toThrow(/Member: "nope"/);
      await expect(Member.update({ nope: 1 } as never, { where: { id: member.id } })).rejects.toThrow(
        /^Member\.update: "nope" is not an attribute of Member; valid keys: id, email, nickname, shout/,
      );
      await member.reload();
      expect(member.nickname).toBeNull();
    });

    it('accepts attributes, virtuals, setter methods and association names (include-create)', async () => {
      const member = await Member.create(
        { email: 'a@x.io', shout: 'ignored by the getter', handle: 'ann', notes: [{ body: 'hi' }] } as never,
        { include: ['notes'] },
      );
      expect(member.nickname).toBe('@ann');
      const stored = await Member.findByPk(member.id, { include: ['notes'] });
      expect(stored!.notes!.map((n) => n.body)).toEqual(['hi']);
      expect(stored!.shout).toBe('A@X.IO');
    });

    it('rows read with aliased, literal and aggregate columns keep their extra keys (only input is checked)', async () => {
      await Member.bulkCreate([{ email: 'a@x.io' }, { email: 'b@x.io' }, { email: 'b@x.io' }]);
      const aliased = await Member.findAll({ attributes: ['id', ['email', 'mail']], order: [['id', 'ASC']] });
      expect(aliased[0].get('mail')).toBe('a@x.io');
      expect(aliased[0].toJSON()).toMatchObject({ mail: 'a@x.io' });
      const grouped = await Member.findAll({
        attributes: ['email', [fn('COUNT', col('id')), 'total']],
        group: ['email'],
        order: [['email', 'ASC']],
      });
      expect(grouped.map((m) => [m.email, Number(m.get('total'))])).toEqual([
        ['a@x.io', 1],
        ['b@x.io', 2],
      ]);
      const raw = await Member.findAll({ attributes: [['email', 'mail']], raw: true, order: [['id', 'ASC']] });
      expect(raw[0]).toEqual({ mail: 'a@x.io' });
    });

    it("set(values, { raw: true }) stores the keys as given, as Sequelize's raw set does", () => {
      const member = Member.build({ email: 'a@x.io' });
      member.set({ extra: 1 }, { raw: true });
      expect(member.get('extra')).toBe(1);
    });
  });

  describe("unknownAttributes: 'ignore'", () => {
    it('on the model: unknown keys are dropped, neither stored nor echoed back', async () => {
      await defineModels(ctx.connect(), 'ignore');
      const member = await Member.create({ email: 'a@x.io', nope: 1 } as never);
      expect(member.toJSON()).not.toHaveProperty('nope');
      expect(member.get('nope')).toBeUndefined();
      const [count] = await Member.update({ nickname: 'A', nope: 1 } as never, { where: { id: member.id } });
      expect(count).toBe(1);
      await member.reload();
      expect(member.nickname).toBe('A');
      await member.update({ nope: 2, nickname: 'B' } as never);
      expect((await Member.findByPk(member.id))!.nickname).toBe('B');
    });

    it("on the connection, and a model's own 'error' wins over it", async () => {
      const db = ctx.connect({ unknownAttributes: 'ignore' });
      await defineModels(db);
      expect(Member.build({ email: 'a@x.io', nope: 1 } as never).toJSON()).not.toHaveProperty('nope');
      await defineModels(db, 'error');
      expect(() => Member.build({ email: 'a@x.io', nope: 1 } as never)).toThrow(/Member: "nope"/);
    });

    it('is the default of the @strata/core/sequelize preset, as in Sequelize', async () => {
      const sequelize = sequelizeFor(ctx);
      try {
        await defineModels(sequelize);
        const member = await Member.create({ email: 'a@x.io', nope: 1 } as never);
        expect(Object.keys(member.toJSON()).sort()).toEqual(['email', 'id', 'nickname', 'shout'].sort());
        await Member.update({ nope: 1, nickname: 'A' } as never, { where: { id: member.id } });
        expect((await Member.findByPk(member.id))!.nickname).toBe('A');
      } finally {
        await sequelize.close();
      }
    });
  });

  it('an unknownAttributes value other than error or ignore is refused', () => {
    expect(() => new Strata({ dialect: 'sqlite', storage: ':memory:', unknownAttributes: 'drop' as never })).toThrow(
      ConnectionError,
    );
    const db = ctx.connect();
    class Other extends Model {}
    expect(() => Other.init({ name: DataTypes.STRING }, { strata: db, unknownAttributes: 'warn' as never })).toThrow(
      ModelDefinitionError,
    );
  });
});
