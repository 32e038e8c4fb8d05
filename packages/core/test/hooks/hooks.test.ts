import {
  DataTypes,
  Model,
  Op,
  Strata,
  Transaction,
  ValidationError,
  type CreationOptional,
  type HookName,
  type FindOptions,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Member extends Model {
  declare id: CreationOptional<number>;
  declare email: string;
  declare name: string | null;
  declare score: CreationOptional<number>;
  declare deletedAt: Date | null;
}

class AuditEntry extends Model {
  declare id: CreationOptional<number>;
  declare message: string;
}

describeEachDialect('hooks', (ctx) => {
  let db: Strata;
  const registered: Array<[typeof Model, HookName, string]> = [];

  /** Adds a named hook that afterEach removes, so every test starts without hooks. */
  function hook(model: typeof Model, name: HookName, fn: (...args: never[]) => unknown): void {
    const id = `test-${registered.length}`;
    model.addHook(name, id, fn);
    registered.push([model, name, id]);
  }

  const audit = (): Promise<string[]> =>
    AuditEntry.findAll({ order: [['id', 'ASC']] }).then((rows) => rows.map((r) => r.message));
  const emails = (): Promise<string[]> =>
    Member.findAll({ order: [['email', 'ASC']], paranoid: false, hooks: false }).then((rows) =>
      rows.map((r) => r.email),
    );

  beforeAll(async () => {
    db = ctx.connect();
    Member.init(
      {
        email: { type: DataTypes.STRING, allowNull: false, unique: true, validate: { isEmail: true } },
        name: DataTypes.STRING,
        score: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      },
      { strata: db, tableName: 'hook_members', paranoid: true },
    );
    AuditEntry.init(
      { message: { type: DataTypes.STRING, allowNull: false } },
      { strata: db, tableName: 'hook_audit', timestamps: false },
    );
    await db.sync({ force: true });
  });

  beforeEach(async () => {
    await Member.destroy({ all: true, force: true, hooks: false });
    await AuditEntry.destroy({ all: true });
  });

  afterEach(() => {
    for (const [model, name, id] of registered.splice(0)) model.removeHook(name, id);
  });

  describe('instance saves', () => {
    it('run in Sequelize order around create and update', async () => {
      const calls: string[] = [];
      for (const name of [
        'beforeValidate',
        'afterValidate',
        'beforeCreate',
        'beforeUpdate',
        'beforeSave',
        'afterCreate',
        'afterUpdate',
        'afterSave',
      ] as const) {
        hook(Member, name, () => calls.push(name));
      }
      const member = await Member.create({ email: 'a@example.com' });
      expect(calls.splice(0)).toEqual([
        'beforeValidate',
        'afterValidate',
        'beforeCreate',
        'beforeSave',
        'afterCreate',
        'afterSave',
      ]);
      await member.update({ name: 'Ann' });
      expect(calls.splice(0)).toEqual([
        'beforeValidate',
        'afterValidate',
        'beforeUpdate',
        'beforeSave',
        'afterUpdate',
        'afterSave',
      ]);
      await member.save();
      expect(calls).toEqual([]); // nothing changed: nothing sent, no hooks
    });

    it('may be async and change the values written', async () => {
      hook(Member, 'beforeValidate', (member: Member) => {
        member.email = member.email.trim().toLowerCase();
      });
      hook(Member, 'beforeCreate', async (member: Member) => {
        await new Promise((resolve) => setImmediate(resolve));
        member.name = `${member.name ?? 'anonymous'} (new)`;
      });
      hook(Member, 'beforeUpdate', (member: Member) => {
        member.score = member.score + 100;
      });
      const member = await Member.create({ email: '  MIXED@Example.com ', name: 'Mo' });
      await member.update({ name: 'Moe' });
      const stored = (await Member.findByPk(member.id))!;
      expect([stored.email, stored.name, stored.score]).toEqual(['mixed@example.com', 'Moe', 100]);
    });

    it('validate values a before-hook changed, and write nothing when they are invalid', async () => {
      hook(Member, 'beforeSave', (member: Member) => {
        member.email = 'no longer an email';
      });
      await expect(Member.create({ email: 'ok@example.com' })).rejects.toBeInstanceOf(ValidationError);
      expect(await emails()).toEqual([]);
    });

    it('call validationFailed with the error, which it may replace', async () => {
      const seen: unknown[] = [];
      hook(Member, 'validationFailed', (member: Member, _options: unknown, error: ValidationError) => {
        seen.push(error.errors[0].path);
        throw new Error(`custom: ${member.email} is not an email`);
      });
      await expect(Member.create({ email: 'bad' })).rejects.toThrow('custom: bad is not an email');
      expect(seen).toEqual(['email']);
    });

    it('abort the write when a hook throws, before or after it', async () => {
      hook(Member, 'beforeCreate', (member: Member) => {
        if (member.email.startsWith('before')) throw new Error('refused before');
      });
      hook(Member, 'afterCreate', (member: Member) => {
        if (member.email.startsWith('after')) throw new Error('refused after');
      });
      await expect(Member.create({ email: 'before@example.com' })).rejects.toThrow('refused before');
      await expect(Member.create({ email: 'after@example.com' })).rejects.toThrow('refused after');
      expect(await emails()).toEqual([]);

      const kept = await Member.create({ email: 'kept@example.com', name: 'Kept' });
      hook(Member, 'afterUpdate', () => {
        throw new Error('no updates today');
      });
      await expect(kept.update({ name: 'Changed' })).rejects.toThrow('no updates today');
      expect((await Member.findByPk(kept.id))!.name).toBe('Kept');
    });

    it('run their own queries in the operation’s transaction', async () => {
      hook(Member, 'afterCreate', async (member: Member) => {
        await AuditEntry.create({ message: `created ${member.email}` });
      });
      hook(Member, 'afterSave', (member: Member) => {
        if (member.email.startsWith('x')) throw new Error('too late');
      });
      await Member.create({ email: 'a@example.com' });
      await expect(Member.create({ email: 'x@example.com' })).rejects.toThrow('too late');
      expect(await audit()).toEqual(['created a@example.com']);
      expect(await emails()).toEqual(['a@example.com']);
    });

    it('receive the operation’s transaction as options.transaction, for Sequelize-style code', async () => {
      const seen: unknown[] = [];
      hook(Member, 'beforeCreate', async (member: Member, options: { transaction?: Transaction | null }) => {
        seen.push(options.transaction instanceof Transaction && !options.transaction.finished);
        await AuditEntry.create({ message: `explicit ${member.email}` }, { transaction: options.transaction });
        throw new Error('undo');
      });
      await expect(Member.create({ email: 'e@example.com' })).rejects.toThrow('undo');
      expect(seen).toEqual([true]);
      expect(await audit()).toEqual([]);
    });

    it('run inside the surrounding transaction, bound without { transaction }', async () => {
      hook(Member, 'afterCreate', async (member: Member) => {
        await AuditEntry.create({ message: `created ${member.email}` });
      });
      await expect(
        db.transaction(async () => {
          await Promise.all(
            ['p@example.com', 'q@example.com', 'r@example.com'].map((email) => Member.create({ email })),
          );
          expect(await audit()).toHaveLength(3);
          throw new Error('roll everything back');
        }),
      ).rejects.toThrow('roll everything back');
      expect(await audit()).toEqual([]);
      expect(await emails()).toEqual([]);
    });

    it('roll back only their own operation inside a surrounding transaction (a savepoint)', async () => {
      hook(Member, 'beforeCreate', (member: Member) => {
        if (member.email.startsWith('bad')) throw new Error('refused');
      });
      await db.transaction(async () => {
        await Member.create({ email: 'good@example.com' });
        await expect(Member.create({ email: 'bad@example.com' })).rejects.toThrow('refused');
        await Member.create({ email: 'later@example.com' });
      });
      expect(await emails()).toEqual(['good@example.com', 'later@example.com']);
    });

    it('are skipped with hooks: false', async () => {
      const spy = jest.fn();
      hook(Member, 'beforeCreate', spy);
      await Member.create({ email: 'quiet@example.com' }, { hooks: false });
      expect(spy).not.toHaveBeenCalled();
    });
  });

  describe('instance destroy and restore', () => {
    it('run beforeDestroy/afterDestroy and beforeRestore/afterRestore; a throwing one keeps the row', async () => {
      const calls: string[] = [];
      hook(Member, 'beforeDestroy', (m: Member) => calls.push(`beforeDestroy ${m.email}`));
      hook(Member, 'afterDestroy', (m: Member) => calls.push(`afterDestroy ${m.email}`));
      hook(Member, 'beforeRestore', (m: Member) => calls.push(`beforeRestore ${m.email}`));
      hook(Member, 'afterRestore', (m: Member) => calls.push(`afterRestore ${m.email}`));
      const member = await Member.create({ email: 'd@example.com' });
      await member.destroy();
      expect(await Member.count()).toBe(0);
      await member.restore();
      expect(await Member.count()).toBe(1);
      expect(calls).toEqual([
        'beforeDestroy d@example.com',
        'afterDestroy d@example.com',
        'beforeRestore d@example.com',
        'afterRestore d@example.com',
      ]);

      hook(Member, 'afterDestroy', () => {
        throw new Error('keep it');
      });
      await expect(member.destroy({ force: true })).rejects.toThrow('keep it');
      expect(await Member.count()).toBe(1);
    });
  });

  describe('bulk operations', () => {
    it('bulkCreate runs the bulk hooks, which may change the instances; per-row hooks only with individualHooks', async () => {
      const perRow = jest.fn();
      hook(Member, 'beforeCreate', perRow);
      hook(Member, 'beforeBulkCreate', (members: Member[]) => {
        for (const member of members) member.name = 'bulk';
      });
      const afterBulk = jest.fn();
      hook(Member, 'afterBulkCreate', afterBulk);
      await Member.bulkCreate([{ email: 'a@example.com' }, { email: 'b@example.com' }]);
      expect(perRow).not.toHaveBeenCalled();
      expect(afterBulk).toHaveBeenCalledTimes(1);
      expect((afterBulk.mock.calls[0][0] as Member[]).every((m) => typeof m.id === 'number')).toBe(true);
      expect((await Member.findAll()).map((m) => m.name)).toEqual(['bulk', 'bulk']);

      await Member.bulkCreate([{ email: 'c@example.com' }, { email: 'd@example.com' }], { individualHooks: true });
      expect(perRow).toHaveBeenCalledTimes(2);
    });

    it('bulkCreate writes no row when afterBulkCreate throws', async () => {
      hook(Member, 'afterBulkCreate', () => {
        throw new Error('undo the batch');
      });
      await expect(Member.bulkCreate([{ email: 'a@example.com' }, { email: 'b@example.com' }])).rejects.toThrow(
        'undo the batch',
      );
      expect(await emails()).toEqual([]);
    });

    it('update runs only the bulk hooks without individualHooks; beforeBulkUpdate may change attributes and where', async () => {
      await Member.bulkCreate([{ email: 'a@example.com' }, { email: 'b@example.com' }, { email: 'c@example.com' }]);
      const perRow = jest.fn();
      hook(Member, 'beforeUpdate', perRow);
      hook(Member, 'beforeBulkUpdate', (options: { attributes: Record<string, unknown>; where: unknown }) => {
        options.attributes.name = 'hooked';
        options.where = { email: { [Op.ne]: 'c@example.com' } };
      });
      const [count] = await Member.update({ score: 5 }, { where: { score: 0 } });
      expect(count).toBe(2);
      expect(perRow).not.toHaveBeenCalled();
      const rows = await Member.findAll({ order: [['email', 'ASC']] });
      expect(rows.map((m) => [m.email, m.name, m.score])).toEqual([
        ['a@example.com', 'hooked', 5],
        ['b@example.com', 'hooked', 5],
        ['c@example.com', null, 0],
      ]);
    });

    it('update with individualHooks runs beforeUpdate/afterUpdate per row, which may change each row', async () => {
      await Member.bulkCreate([{ email: 'a@example.com' }, { email: 'b@example.com' }]);
      const after: string[] = [];
      hook(Member, 'beforeUpdate', (member: Member) => {
        member.name = `name of ${member.email}`;
      });
      hook(Member, 'afterUpdate', (member: Member) => after.push(member.email));
      const [count, rows] = await Member.update(
        { score: 7 },
        { where: { score: 0 }, individualHooks: true, returning: true },
      );
      expect(count).toBe(2);
      expect(rows!.map((m) => m.name).sort()).toEqual(['name of a@example.com', 'name of b@example.com']);
      expect(after.sort()).toEqual(['a@example.com', 'b@example.com']);
      const stored = await Member.findAll({ order: [['email', 'ASC']] });
      expect(stored.map((m) => [m.name, m.score])).toEqual([
        ['name of a@example.com', 7],
        ['name of b@example.com', 7],
      ]);
    });

    it('update changes no row when a per-row hook throws for one of them', async () => {
      await Member.bulkCreate([{ email: 'a@example.com' }, { email: 'b@example.com' }]);
      hook(Member, 'afterUpdate', (member: Member) => {
        if (member.email === 'b@example.com') throw new Error('not b');
      });
      await expect(Member.update({ score: 9 }, { where: { score: 0 }, individualHooks: true })).rejects.toThrow(
        'not b',
      );
      expect(await Member.count({ where: { score: 9 } })).toBe(0);
    });

    it('destroy runs bulk hooks only, or per-row hooks with individualHooks; a throwing hook deletes nothing', async () => {
      await Member.bulkCreate([{ email: 'a@example.com' }, { email: 'b@example.com' }, { email: 'c@example.com' }]);
      const perRow: string[] = [];
      const bulk = jest.fn();
      hook(Member, 'beforeDestroy', (member: Member) => perRow.push(member.email));
      hook(Member, 'beforeBulkDestroy', bulk);
      expect(await Member.destroy({ where: { email: 'a@example.com' } })).toBe(1);
      expect(perRow).toEqual([]);
      expect(bulk).toHaveBeenCalledTimes(1);

      expect(await Member.destroy({ where: { email: 'b@example.com' }, individualHooks: true })).toBe(1);
      expect(perRow).toEqual(['b@example.com']);

      hook(Member, 'afterDestroy', () => {
        throw new Error('keep c');
      });
      await expect(
        Member.destroy({ where: { email: 'c@example.com' }, individualHooks: true, force: true }),
      ).rejects.toThrow('keep c');
      expect((await Member.findAll()).map((m) => m.email)).toEqual(['c@example.com']);
    });

    it('restore runs the bulk restore hooks, and per-row ones with individualHooks', async () => {
      await Member.bulkCreate([{ email: 'a@example.com' }, { email: 'b@example.com' }]);
      await Member.destroy({ all: true });
      const calls: string[] = [];
      hook(Member, 'beforeBulkRestore', () => calls.push('beforeBulkRestore'));
      hook(Member, 'afterRestore', (member: Member) => calls.push(`afterRestore ${member.email}`));
      hook(Member, 'afterBulkRestore', () => calls.push('afterBulkRestore'));
      await Member.restore({ where: { email: 'a@example.com' } });
      await Member.restore({ where: { email: 'b@example.com' }, individualHooks: true });
      expect(calls).toEqual([
        'beforeBulkRestore',
        'afterBulkRestore',
        'beforeBulkRestore',
        'afterRestore b@example.com',
        'afterBulkRestore',
      ]);
      expect(await Member.count()).toBe(2);
    });
  });

  describe('finders and sync', () => {
    it('beforeFind may change the options, afterFind sees the result; the caller’s options stay as they were', async () => {
      await Member.bulkCreate([
        { email: 'a@example.com', score: 1 },
        { email: 'b@example.com', score: 2 },
      ]);
      hook(Member, 'beforeFind', (options: FindOptions) => {
        options.where = { score: 2 };
      });
      const results: unknown[] = [];
      hook(Member, 'afterFind', (result: Member[]) => results.push(result.map((m) => m.email)));
      const options: FindOptions = { where: { score: 1 } };
      const found = await Member.findAll(options as never);
      expect(found.map((m) => m.email)).toEqual(['b@example.com']);
      expect(results).toEqual([['b@example.com']]);
      expect(options.where).toEqual({ score: 1 });
    });

    it('afterFind of findOne and findByPk receives the instance or null', async () => {
      const { id } = await Member.create({ email: 'one@example.com' });
      const seen: unknown[] = [];
      hook(Member, 'afterFind', (result: Member | null) => seen.push(result === null ? null : result.email));
      await Member.findByPk(id);
      await Member.findOne({ where: { email: 'nobody@example.com' } });
      expect(seen).toEqual(['one@example.com', null]);
    });

    it('beforeCount may change the count options', async () => {
      await Member.bulkCreate([
        { email: 'a@example.com', score: 1 },
        { email: 'b@example.com', score: 2 },
      ]);
      hook(Member, 'beforeCount', (options: { where?: unknown }) => {
        options.where = { score: 2 };
      });
      expect(await Member.count()).toBe(1);
    });

    it('beforeSync and afterSync run for each model synced', async () => {
      const calls: string[] = [];
      hook(AuditEntry, 'beforeSync', () => calls.push('before audit'));
      hook(AuditEntry, 'afterSync', () => calls.push('after audit'));
      await db.sync();
      expect(calls).toEqual(['before audit', 'after audit']);
    });
  });

  describe('upsert, findOrCreate, increment and nested create', () => {
    it('upsert runs beforeUpsert, which may change the values written, and afterUpsert with [instance, created]', async () => {
      const calls: string[] = [];
      hook(Member, 'beforeUpsert', (values: Record<string, unknown>) => {
        calls.push('beforeUpsert');
        values.name = `upserted ${String(values.email)}`;
      });
      hook(Member, 'beforeValidate', () => calls.push('beforeValidate'));
      hook(Member, 'afterUpsert', ([instance]: [Member, boolean | null], options: { transaction?: unknown }) => {
        calls.push(`afterUpsert ${instance.name} ${options.transaction instanceof Transaction}`);
      });
      const values = { email: 'u@example.com' };
      const [upserted] = await Member.upsert(values);
      expect(calls).toEqual(['beforeUpsert', 'beforeValidate', 'afterUpsert upserted u@example.com true']);
      expect(upserted.name).toBe('upserted u@example.com');
      expect(values).toEqual({ email: 'u@example.com' });
      expect((await Member.findOne({ where: { email: 'u@example.com' }, hooks: false }))?.name).toBe(
        'upserted u@example.com',
      );
    });

    it('upsert writes nothing when afterUpsert throws, and skips its hooks with hooks: false', async () => {
      hook(Member, 'afterUpsert', () => {
        throw new Error('refused after upsert');
      });
      await expect(Member.upsert({ email: 'u@example.com' })).rejects.toThrow('refused after upsert');
      expect(await emails()).toEqual([]);
      await Member.upsert({ email: 'u@example.com' }, { hooks: false });
      expect(await emails()).toEqual(['u@example.com']);
    });

    it('findOrCreate creates through the create hooks, in its transaction, and only when nothing is found', async () => {
      const calls: string[] = [];
      hook(Member, 'beforeFind', () => calls.push('beforeFind'));
      hook(Member, 'beforeCreate', async (member: Member, options: { transaction?: Transaction }) => {
        calls.push('beforeCreate');
        member.name = 'from beforeCreate';
        await AuditEntry.create({ message: `created ${member.email}` }, { transaction: options.transaction });
      });
      const [created, wasCreated] = await Member.findOrCreate({ where: { email: 'f@example.com' } });
      expect(wasCreated).toBe(true);
      expect(created.name).toBe('from beforeCreate');
      expect(calls).toEqual(['beforeFind', 'beforeCreate']);
      const [found, foundCreated] = await Member.findOrCreate({ where: { email: 'f@example.com' } });
      expect([found.id, foundCreated]).toEqual([created.id, false]);
      expect(calls).toEqual(['beforeFind', 'beforeCreate', 'beforeFind']);
      expect(await audit()).toEqual(['created f@example.com']);
    });

    it('findOrCreate writes nothing when afterCreate throws', async () => {
      hook(Member, 'afterCreate', () => {
        throw new Error('refused after create');
      });
      await expect(Member.findOrCreate({ where: { email: 'f@example.com' } })).rejects.toThrow('refused after create');
      expect(await emails()).toEqual([]);
    });

    it('increment and decrement run no hooks, as in Sequelize', async () => {
      const member = await Member.create({ email: 'i@example.com' });
      const calls: string[] = [];
      const names: HookName[] = ['beforeUpdate', 'afterUpdate', 'beforeSave', 'beforeBulkUpdate', 'beforeValidate'];
      for (const name of names) hook(Member, name, () => calls.push(name));
      await Member.increment('score', { by: 5, where: { id: member.id } });
      await member.decrement('score', { by: 2 });
      expect(member.score).toBe(3);
      expect(calls).toEqual([]);
    });

    it('nested create runs the validation and create hooks of every new row, which may change it', async () => {
      const Team = db.define('HookTeam', { name: DataTypes.STRING }, { tableName: 'hook_teams', timestamps: false });
      const Player = db.define(
        'HookPlayer',
        { name: { type: DataTypes.STRING, allowNull: false } },
        { tableName: 'hook_players', timestamps: false },
      );
      Team.hasMany(Player, { as: 'players' });
      await db.sync();
      try {
        const calls: string[] = [];
        for (const [model, label] of [
          [Team, 'team'],
          [Player, 'player'],
        ] as const) {
          hook(model, 'beforeValidate', (row: Model) => calls.push(`beforeValidate ${label} ${row.get('name')}`));
          hook(model, 'afterCreate', (row: Model) => calls.push(`afterCreate ${label} ${row.get('name')}`));
        }
        hook(Player, 'beforeCreate', (row: Model) => {
          row.set('name', String(row.get('name')).toUpperCase());
        });
        const team = await Team.create({ name: 'Reds', players: [{ name: 'ann' }, { name: 'bob' }] } as never, {
          include: ['players'],
        });
        expect(calls).toEqual([
          'beforeValidate team Reds',
          'beforeValidate player ann',
          'beforeValidate player bob',
          'afterCreate team Reds',
          'afterCreate player ANN',
          'afterCreate player BOB',
        ]);
        const found: unknown[] = [];
        hook(Team, 'afterFind', (row: Model | null) => found.push(row?.get('name')));
        const loaded = await Team.findByPk(team.get('id'), { include: ['players'] });
        const players = (loaded?.get('players') as Model[]).map((p) => p.get('name')).sort();
        expect(players).toEqual(['ANN', 'BOB']);
        expect(found).toEqual(['Reds']);
      } finally {
        await db.getQueryInterface().dropTable('hook_players');
        await db.getQueryInterface().dropTable('hook_teams');
      }
    });
  });

  describe('declared elsewhere', () => {
    it('runs connection-wide hooks for every model, after the model’s own', async () => {
      const calls: string[] = [];
      const connectionHook = (instance: Model): void => {
        calls.push(`connection ${(instance.constructor as typeof Model).modelName}`);
      };
      db.addHook('beforeCreate', connectionHook);
      hook(Member, 'beforeCreate', () => calls.push('member'));
      try {
        await Member.create({ email: 'a@example.com' });
        await AuditEntry.create({ message: 'hello' });
      } finally {
        db.removeHook('beforeCreate', connectionHook);
      }
      expect(calls).toEqual(['member', 'connection Member', 'connection AuditEntry']);
    });

    it('runs hooks declared in the model options', async () => {
      const Tagged = db.define(
        'Tagged',
        { label: DataTypes.STRING },
        {
          tableName: 'hook_tagged',
          timestamps: false,
          hooks: {
            beforeCreate: (instance: Model) => {
              instance.set('label', 'from options');
            },
          },
        },
      );
      await db.sync();
      const created = await Tagged.create({} as never);
      expect(created.get('label')).toBe('from options');
      await db.getQueryInterface().dropTable('hook_tagged');
    });
  });
});
