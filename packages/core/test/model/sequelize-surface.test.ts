import {
  DataTypes,
  Deferrable,
  InvalidQueryError,
  Model,
  ModelDefinitionError,
  Op,
  Strata,
  Transaction,
  compile,
  type CreationOptional,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

// Sequelize v6's model surface on core's Model: what a Sequelize app calls besides the finders.

class Member extends Model {
  declare id: CreationOptional<number>;
  declare email: string;
  declare nickname: string | null;
  declare deletedAt: Date | null;
}

class Team extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
}

class Badge extends Model {
  declare id: CreationOptional<number>;
  declare label: string;
  declare memberId: number | null;
}

describeEachDialect('Model: Sequelize surface', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Member.init(
      {
        email: { type: DataTypes.STRING, allowNull: false },
        nickname: DataTypes.STRING,
      },
      { sequelize: db, tableName: 'members', paranoid: true },
    );
    Team.init({ name: DataTypes.STRING }, { strata: db, tableName: 'teams', timestamps: false });
    Badge.init(
      {
        label: DataTypes.STRING,
        memberId: {
          type: DataTypes.INTEGER,
          references: { model: 'members', key: 'id', deferrable: Deferrable.INITIALLY_DEFERRED },
        },
      },
      { strata: db, tableName: 'badges', timestamps: false },
    );
    Member.hasMany(Badge, { foreignKey: 'memberId', constraints: false });
    Badge.belongsTo(Member, { foreignKey: 'memberId', constraints: false });
    await db.sync({ force: true });
  });

  beforeEach(async () => {
    await Badge.destroy({ all: true });
    await Member.destroy({ all: true, force: true });
  });

  it('Model.init takes { sequelize } as the connection, and Model.sequelize is it', () => {
    expect(Member.sequelize).toBe(db);
    expect(Member.strata).toBe(db);
    expect(() => Team.init({ name: DataTypes.STRING }, {} as never)).toThrow(/give the connection as \{ strata \}/);
  });

  it("Model.init applies the connection's define defaults under the model's own options", async () => {
    const underscored = ctx.connect({ define: { underscored: true, timestamps: false } });
    class Reading extends Model {
      declare id: CreationOptional<number>;
      declare sensorName: string;
    }
    // underscored comes from define; timestamps: true (the model's own) wins over define's false.
    Reading.init(
      { sensorName: DataTypes.STRING },
      { sequelize: underscored, tableName: 'readings', timestamps: true, updatedAt: false },
    );
    await Reading.sync({ force: true });
    const columns = Object.keys(await Reading.describe());
    expect(columns.sort()).toEqual(['created_at', 'id', 'sensor_name']);
    await Reading.drop();
  });

  it('static hook adders add hooks as addHook does, named or not, and removeHook takes them out', async () => {
    const seen: string[] = [];
    const nickname = (member: Member): void => {
      member.nickname = `${member.email.split('@')[0]}!`;
    };
    const bulkDestroy = (options: { where?: unknown }): void => {
      seen.push(`bulk destroy ${Object.keys(options.where as object).join(',')}`);
    };
    Member.beforeCreate(nickname);
    Member.afterCreate('audit', (member) => {
      seen.push(`created ${member.email}`);
    });
    Member.beforeBulkDestroy(bulkDestroy);
    try {
      const ann = await Member.create({ email: 'ann@example.com' });
      expect(ann.nickname).toBe('ann!');
      expect((await Member.findByPk(ann.id))?.nickname).toBe('ann!');
      Member.removeHook('afterCreate', 'audit');
      await Member.create({ email: 'bob@example.com' });
      await Member.destroy({ where: { email: 'bob@example.com' } });
      expect(seen).toEqual(['created ann@example.com', 'bulk destroy email']);
      expect(Member.hasHook('beforeCreate')).toBe(true);
    } finally {
      Member.removeHook('beforeCreate', nickname);
      Member.removeHook('beforeBulkDestroy', bulkDestroy);
    }
    expect(Member.hasHook('beforeCreate')).toBe(false);
  });

  it('getTableName, primaryKeyAttributes, rawAttributes and options describe the model', async () => {
    expect(Member.getTableName()).toBe('members');
    expect(Member.primaryKeyAttributes).toEqual(['id']);
    expect(Object.keys(Member.rawAttributes)).toEqual(expect.arrayContaining(['id', 'email', 'nickname', 'deletedAt']));
    expect(Member.options.paranoid).toBe(true);
    const columns = await Member.describe();
    expect(columns.email.allowNull).toBe(false);
    expect(columns.id.primaryKey).toBe(true);
    expect(Object.keys(columns)).toEqual(expect.arrayContaining(['id', 'email', 'nickname', 'createdAt', 'deletedAt']));
  });

  it('bulkBuild builds unsaved instances', async () => {
    const built = Member.bulkBuild([{ email: 'a@example.com' }, { email: 'b@example.com' }]);
    expect(built.map((m) => [m.email, m.isNewRecord])).toEqual([
      ['a@example.com', true],
      ['b@example.com', true],
    ]);
    expect(await Member.count()).toBe(0);
    await built[0].save();
    expect(await Member.count()).toBe(1);
  });

  it('isSoftDeleted, equalsOneOf and where() on instances', async () => {
    const [ann, bob] = await Member.bulkCreate([{ email: 'ann@example.com' }, { email: 'bob@example.com' }]);
    expect(ann.isSoftDeleted()).toBe(false);
    await ann.destroy();
    expect(ann.isSoftDeleted()).toBe(true);
    const reloaded = await Member.findByPk(ann.id, { paranoid: false });
    expect(reloaded?.isSoftDeleted()).toBe(true);
    expect(() => Team.build({ name: 'x' }).isSoftDeleted()).toThrow(
      /Team.isSoftDeleted\(\): the model is not paranoid/,
    );

    expect(reloaded?.equalsOneOf([bob, ann])).toBe(true);
    expect(bob.equalsOneOf([reloaded, null])).toBe(false);

    expect(bob.where()).toEqual({ id: bob.id });
    expect((await Member.findAll({ where: bob.where() })).map((m) => m.email)).toEqual(['bob@example.com']);
  });

  it('removeAttribute takes an attribute out of queries, writes and sync', async () => {
    class Scratch extends Model {
      declare id: CreationOptional<number>;
      declare title: string;
      declare legacy: string | null;
    }
    Scratch.init({ title: DataTypes.STRING, legacy: DataTypes.STRING }, { strata: db, tableName: 'scratch' });
    Scratch.removeAttribute('legacy');
    expect(Object.keys(Scratch.getAttributes())).not.toContain('legacy');
    await Scratch.sync({ force: true });
    expect(Object.keys(await Scratch.describe())).not.toContain('legacy');
    const row = await Scratch.create({ title: 'kept' });
    expect(row.get({ plain: true })).not.toHaveProperty('legacy');
    expect(() => Scratch.removeAttribute('nope')).toThrow(ModelDefinitionError);
    expect(() => Scratch.removeAttribute('nope')).toThrow(/no such attribute; attributes: id, title/);
    await Scratch.drop();
  });

  it('removeAttribute("id") leaves a model without a primary key, as Sequelize does for keyless tables', async () => {
    class Event extends Model {
      declare name: string;
    }
    Event.init({ name: DataTypes.STRING }, { strata: db, tableName: 'events', timestamps: false });
    Event.removeAttribute('id');
    expect(Event.primaryKeyAttributes).toEqual([]);
    await Event.sync({ force: true });
    expect(Object.keys(await Event.describe())).toEqual(['name']);
    await Event.bulkCreate([{ name: 'a' }, { name: 'b' }]);
    expect((await Event.findAll({ order: [['name', 'ASC']] })).map((e) => e.name)).toEqual(['a', 'b']);
    await Event.drop();
  });

  it('Deferrable.INITIALLY_DEFERRED: checked at commit on PostgreSQL, an ordinary key elsewhere', async () => {
    const write = db.transaction(async () => {
      await Badge.create({ label: 'early', memberId: 999999 });
      const member = await Member.create({ email: 'late@example.com' });
      await Badge.update({ memberId: member.id }, { where: { label: 'early' } });
    });
    if (ctx.dialect === 'postgres') {
      await write;
      expect(await Badge.count()).toBe(1);
      const [rows] = (await db.query(
        "SELECT condeferrable, condeferred FROM pg_constraint WHERE conrelid = 'badges'::regclass AND contype = 'f'",
      )) as [Array<{ condeferrable: boolean; condeferred: boolean }>];
      expect(rows).toEqual([{ condeferrable: true, condeferred: true }]);
    } else {
      // No deferrable constraints: the key is checked on the insert, which fails.
      await expect(write).rejects.toThrow();
      expect(await Badge.count()).toBe(0);
    }
    class Other extends Model {}
    expect(() =>
      Other.init(
        {
          memberId: { type: DataTypes.INTEGER, references: { model: 'members', deferrable: Deferrable.SET_DEFERRED } },
        },
        { strata: db, tableName: 'other' },
      ),
    ).toThrow(/Other.memberId: references.deferrable .* \(SET_DEFERRED and SET_IMMEDIATE are transaction options\)/);
  });

  it('lock: { level, of } locks only that model on PostgreSQL and every table on MySQL', async () => {
    const member = await Member.create({ email: 'lock@example.com' });
    await Badge.create({ label: 'b', memberId: member.id });
    const lock = { level: Transaction.LOCK.UPDATE, of: Badge };
    const sql = compile(Badge).findAll({ include: [{ model: Member, as: 'member' }], lock }).sql;
    if (ctx.dialect === 'postgres') expect(sql).toMatch(/for update of "badges"$/i);
    if (ctx.dialect === 'mysql') expect(sql).toMatch(/for update$/i);
    if (ctx.dialect === 'sqlite') expect(sql).not.toMatch(/for update/i);
    // A LEFT JOIN locked without OF fails on PostgreSQL ("nullable side of an outer join"): OF is what makes this run.
    const rows = await db.transaction(() => Badge.findAll({ include: [{ model: Member, as: 'member' }], lock }));
    expect(rows.map((b) => b.label)).toEqual(['b']);
    const plain = await db.transaction(() =>
      Member.findAll({ where: { id: member.id }, lock: { level: 'SHARE', of: Member } }),
    );
    expect(plain).toHaveLength(1);
    if (ctx.dialect === 'postgres') {
      await expect(db.transaction(() => Member.findAll({ lock: { level: 'UPDATE', of: Team } }))).rejects.toThrow(
        InvalidQueryError,
      );
    }
  });

  it('where() operators still take Op symbols only', async () => {
    await Member.create({ email: 'op@example.com' });
    expect(await Member.count({ where: { email: { [Op.like]: 'op@%' } } })).toBe(1);
  });
});
