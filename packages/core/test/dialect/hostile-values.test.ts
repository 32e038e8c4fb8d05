import { DataTypes, Model, QueryTypes, Strata, type CreationOptional } from '@strata/core';
import { describeEachDialect, type DialectContext } from '../../../../test-support/dialects';

class Vault extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
  declare secret: string;
}

/**
 * The session modes a DBA or a raw `SET SESSION` can give a connection. On MySQL/MariaDB,
 * NO_BACKSLASH_ESCAPES makes a backslash an ordinary character, so a value escaped client-side
 * with backslashes ends its string early: values must reach the server as real parameters.
 * ANSI_QUOTES makes `"` quote identifiers. Elsewhere the modes do not exist: the plain session.
 */
const SESSION_MODES: Record<string, string | undefined> = {
  plain: undefined,
  NO_BACKSLASH_ESCAPES: 'NO_BACKSLASH_ESCAPES',
  'NO_BACKSLASH_ESCAPES,ANSI_QUOTES': 'NO_BACKSLASH_ESCAPES,ANSI_QUOTES',
};

const HOSTILE = [
  "x' UNION SELECT secret, secret, secret FROM vaults -- ",
  "x' OR 1=1 -- ",
  "x\\' OR 1=1 -- ",
  'x\\',
  "O'Brien",
  "back\\slash \\' quote",
];

async function openVault(ctx: DialectContext, mode: string | undefined): Promise<Strata> {
  // One connection, so the session mode set below is the one every statement runs under.
  const db = ctx.connect({ pool: { max: 1 } });
  Vault.init(
    { name: { type: DataTypes.STRING, allowNull: false }, secret: { type: DataTypes.STRING, allowNull: false } },
    { strata: db, tableName: 'vaults', timestamps: false },
  );
  await db.sync({ force: true });
  if (mode && ctx.dialect === 'mysql') {
    await db.query(`SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',${mode}')`);
  }
  await Vault.bulkCreate([
    { name: 'alice', secret: 'alice-secret' },
    { name: 'bob', secret: 'bob-secret' },
  ]);
  return db;
}

describeEachDialect('hostile values stay values in every session mode', (ctx) => {
  describe.each(Object.entries(SESSION_MODES))('session %s', (_label, mode) => {
    let db: Strata;
    beforeAll(async () => {
      db = await openVault(ctx, mode);
    });
    afterAll(async () => {
      await db.close();
    });

    it.each(HOSTILE)('findAll where name = %p matches nothing and leaks nothing', async (value) => {
      expect(await Vault.findAll({ where: { name: value } })).toEqual([]);
    });

    it.each(HOSTILE)('update where name = %p changes no row', async (value) => {
      const [changed] = await Vault.update({ secret: 'pwned' }, { where: { name: value } });
      expect(changed).toBe(0);
      expect((await Vault.findAll({ order: [['id', 'ASC']] })).map((v) => v.secret)).toEqual([
        'alice-secret',
        'bob-secret',
      ]);
    });

    it.each(HOSTILE)('a value %p round-trips exactly through create and raw replacements', async (value) => {
      const stored = await Vault.create({ name: value, secret: 's' });
      expect((await Vault.findByPk(stored.id))?.name).toBe(value);
      const rows = await db.query('SELECT name FROM vaults WHERE name = :name', {
        replacements: { name: value },
        type: QueryTypes.SELECT,
      });
      expect(rows).toEqual([{ name: value }]);
      await stored.destroy();
    });
  });

  if (ctx.dialect !== 'mysql') return;

  it('a server whose global sql_mode has NO_BACKSLASH_ESCAPES gets parameters too', async () => {
    const admin = ctx.connect({ pool: { max: 1 } });
    const [[{ mode }]] = (await admin.query('SELECT @@GLOBAL.sql_mode AS mode')) as [Array<{ mode: string }>, unknown];
    let db: Strata | undefined;
    try {
      await admin.query(`SET GLOBAL sql_mode = CONCAT(@@GLOBAL.sql_mode, ',NO_BACKSLASH_ESCAPES')`);
      // A new connection takes the global mode as its session mode; restore the global at once
      // so other suites' new connections are not affected.
      db = ctx.connect({ pool: { max: 1 } });
      await db.query('SELECT 1');
    } finally {
      await admin.query('SET GLOBAL sql_mode = :mode', { replacements: { mode } });
    }
    const [[session]] = (await db.query('SELECT @@SESSION.sql_mode AS mode')) as [Array<{ mode: string }>, unknown];
    expect(session).toEqual({ mode: expect.stringContaining('NO_BACKSLASH_ESCAPES') });
    Vault.init(
      { name: { type: DataTypes.STRING, allowNull: false }, secret: { type: DataTypes.STRING, allowNull: false } },
      { strata: db, tableName: 'vaults_global', timestamps: false },
    );
    await db.sync({ force: true });
    await Vault.create({ name: 'carol', secret: 'carol-secret' });
    expect(await Vault.findAll({ where: { name: "x' OR 1=1 -- " } })).toEqual([]);
    expect((await Vault.findAll({ where: { name: "O'Brien" } })).length).toBe(0);
  });
});
