import {
  DataTypes,
  Model,
  ModelDefinitionError,
  QueryTypes,
  applySchemaChanges,
  describeChange,
  diffModels,
  type Strata,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';
import { ignoredWarnings } from '../../../../test-support/ignored-warnings';

describeEachDialect('charset and collate (model and column)', (ctx) => {
  let db: Strata;
  beforeAll(() => {
    db = ctx.connect();
  });

  const names = async (model: typeof Model, where: Record<string, unknown>): Promise<string[]> =>
    (await model.findAll({ where: where as never, order: [['id', 'ASC']] as never })).map((row) =>
      String(row.get('name')),
    );

  if (ctx.dialect === 'mysql') {
    const columns = async (
      table: string,
    ): Promise<Record<string, { collation: string | null; charset: string | null }>> => {
      const rows = (await db.query(
        'SELECT COLUMN_NAME AS name, COLLATION_NAME AS collation, CHARACTER_SET_NAME AS charset FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
        { type: QueryTypes.SELECT, replacements: [table] },
      )) as Array<{ name: string; collation: string | null; charset: string | null }>;
      return Object.fromEntries(rows.map((row) => [row.name, { collation: row.collation, charset: row.charset }]));
    };

    it('a model charset/collate is the table default and its text columns; a column collate or charset wins', async () => {
      class Person extends Model {}
      Person.init(
        {
          name: DataTypes.STRING,
          nickname: { type: DataTypes.STRING, collate: 'utf8mb4_general_ci' },
          code: { type: DataTypes.CHAR(3), charset: 'latin1' },
          age: DataTypes.INTEGER,
        },
        { strata: db, tableName: 'people_bin', timestamps: false, charset: 'utf8mb4', collate: 'utf8mb4_bin' },
      );
      await Person.sync({ force: true });
      const [created] = (await db.query('SHOW CREATE TABLE people_bin', { type: QueryTypes.SELECT })) as Array<
        Record<string, string>
      >;
      expect(created['Create Table']).toMatch(/DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin/);
      expect(await columns('people_bin')).toMatchObject({
        name: { collation: 'utf8mb4_bin', charset: 'utf8mb4' },
        nickname: { collation: 'utf8mb4_general_ci', charset: 'utf8mb4' },
        code: { charset: 'latin1' },
        age: { collation: null },
      });
      await Person.bulkCreate([
        { name: 'Alice', nickname: 'Ally', code: 'abc' },
        { name: 'alice', nickname: 'ally', code: 'def' },
      ]);
      // utf8mb4_bin compares exactly; the column's own general_ci ignores case.
      expect(await names(Person, { name: 'alice' })).toEqual(['alice']);
      expect(await names(Person, { nickname: 'ALLY' })).toEqual(['Alice', 'alice']);
      expect((await diffModels(db)).map(describeChange)).toEqual([]);
    });

    it('the diff sees a changed collation, and applying it leaves no difference', async () => {
      class Tag extends Model {}
      Tag.init({ name: DataTypes.STRING }, { strata: db, tableName: 'tags_ci', timestamps: false });
      await Tag.sync({ force: true });
      Tag.init(
        { name: { type: DataTypes.STRING, collate: 'utf8mb4_bin' } },
        { strata: db, tableName: 'tags_ci', timestamps: false },
      );
      const changes = (await diffModels(db)).filter((change) => 'table' in change && change.table === 'tags_ci');
      expect(changes.map(describeChange)).toEqual([
        expect.stringMatching(/^change column tags_ci\.name \(collation utf8mb4_\w+ -> utf8mb4_bin\)$/),
      ]);
      await applySchemaChanges(db, changes);
      expect((await columns('tags_ci')).name.collation).toBe('utf8mb4_bin');
      expect((await diffModels(db)).map(describeChange)).toEqual([]);
    });

    it('refuses a collate on a column without text and a name that is not one, naming the model and attribute', () => {
      class Bad extends Model {}
      expect(() =>
        Bad.init({ count: { type: DataTypes.INTEGER, collate: 'utf8mb4_bin' } }, { strata: db, tableName: 'bad' }),
      ).toThrow('Bad.count: collate applies to text columns (STRING, CHAR, TEXT, ENUM, UUID on MySQL), not INTEGER');
      expect(() =>
        Bad.init({ name: { type: DataTypes.STRING, collate: "x' --" } }, { strata: db, tableName: 'bad' }),
      ).toThrow(ModelDefinitionError);
    });
  }

  if (ctx.dialect === 'postgres') {
    const collationOf = async (table: string, column: string): Promise<string | null> => {
      const [row] = (await db.query(
        'SELECT collation_name AS collation FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND column_name = ?',
        { type: QueryTypes.SELECT, replacements: [table, column] },
      )) as Array<{ collation: string | null }>;
      return row.collation;
    };

    it('a column collate is COLLATE "name"; the diff reads it back and sees a change', async () => {
      class Word extends Model {}
      Word.init(
        { name: { type: DataTypes.STRING, collate: 'C' }, plain: DataTypes.TEXT },
        { strata: db, tableName: 'words_c', timestamps: false },
      );
      await Word.sync({ force: true });
      expect(await collationOf('words_c', 'name')).toBe('C');
      expect(await collationOf('words_c', 'plain')).toBeNull();
      await Word.bulkCreate([{ name: 'b' }, { name: 'B' }, { name: 'a' }]);
      // "C" orders by byte: capitals first.
      expect((await Word.findAll({ order: [['name', 'ASC']] as never })).map((w) => (w as Model).get('name'))).toEqual([
        'B',
        'a',
        'b',
      ]);
      expect((await diffModels(db)).map(describeChange)).toEqual([]);

      Word.init(
        { name: { type: DataTypes.STRING, collate: 'POSIX' }, plain: { type: DataTypes.TEXT, collate: 'C' } },
        { strata: db, tableName: 'words_c', timestamps: false },
      );
      const changes = await diffModels(db);
      expect(changes.map(describeChange).sort()).toEqual([
        'change column words_c.name (collation C -> POSIX)',
        'change column words_c.plain (collation default -> C)',
      ]);
      await applySchemaChanges(db, changes);
      expect(await collationOf('words_c', 'name')).toBe('POSIX');
      expect((await diffModels(db)).map(describeChange)).toEqual([]);
    });

    it('refuses a column charset, naming PostgreSQL; a model charset/collate is ignored with a warning', async () => {
      class Bad extends Model {}
      expect(() =>
        Bad.init({ name: { type: DataTypes.STRING, charset: 'utf8' } }, { strata: db, tableName: 'bad' }),
      ).toThrow('Bad.name: PostgreSQL has no character set per column');
      class Wide extends Model {}
      const warnings = await ignoredWarnings(async () => {
        Wide.init(
          { name: DataTypes.STRING },
          { strata: db, tableName: 'wide_pg', charset: 'utf8mb4', collate: 'utf8mb4_bin' },
        );
        await Wide.sync({ force: true });
      });
      expect(warnings).toEqual([
        'Wide: the charset option is ignored on postgres (a MySQL table option; give a column collate instead)',
      ]);
      expect(await collationOf('wide_pg', 'name')).toBeNull();
      expect((await diffModels(db)).map(describeChange)).toEqual([]);
    });
  }

  if (ctx.dialect === 'sqlite') {
    it('a column collate NOCASE compares without case; the diff reads it back and sees a change', async () => {
      class Person extends Model {}
      Person.init(
        { name: { type: DataTypes.STRING, collate: 'nocase' }, city: DataTypes.STRING, nick: DataTypes.CITEXT },
        { strata: db, tableName: 'people_nocase', timestamps: false },
      );
      await Person.sync({ force: true });
      await Person.bulkCreate([
        { name: 'Alice', city: 'Oslo', nick: 'ally' },
        { name: 'Bob', city: 'oslo', nick: 'bobby' },
      ]);
      expect(await names(Person, { name: 'ALICE' })).toEqual(['Alice']);
      expect(await names(Person, { city: 'oslo' })).toEqual(['Bob']);
      expect((await diffModels(db)).map(describeChange)).toEqual([]);

      Person.init(
        {
          name: { type: DataTypes.STRING, collate: 'RTRIM' },
          city: { type: DataTypes.STRING, collate: 'NOCASE' },
          nick: DataTypes.CITEXT,
        },
        { strata: db, tableName: 'people_nocase', timestamps: false },
      );
      const changes = await diffModels(db);
      expect(changes.map(describeChange).sort()).toEqual([
        'change column people_nocase.city (collation BINARY -> NOCASE)',
        'change column people_nocase.name (collation NOCASE -> RTRIM)',
      ]);
      await applySchemaChanges(db, changes);
      expect((await diffModels(db)).map(describeChange)).toEqual([]);
      expect(await names(Person, { city: 'OSLO' })).toEqual(['Alice', 'Bob']);
      // The table rebuilds kept the collation of the column they did not change (CITEXT's NOCASE).
      expect(await names(Person, { nick: 'BOBBY' })).toEqual(['Bob']);
      expect(await Person.count()).toBe(2);
    });

    it('refuses a collation SQLite does not have built in, and a charset, naming SQLite', () => {
      class Bad extends Model {}
      expect(() =>
        Bad.init({ name: { type: DataTypes.STRING, collate: 'utf8mb4_bin' } }, { strata: db, tableName: 'bad' }),
      ).toThrow('Bad.name: SQLite has only the built-in collations BINARY, NOCASE, RTRIM (got "utf8mb4_bin")');
      expect(() =>
        Bad.init({ name: { type: DataTypes.STRING, charset: 'latin1' } }, { strata: db, tableName: 'bad' }),
      ).toThrow('Bad.name: SQLite has no character set per column');
    });
  }
});
