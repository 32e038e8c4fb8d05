import {
  DataTypes,
  Model,
  ModelDefinitionError,
  OptimisticLockError,
  Strata,
  UniqueConstraintError,
  ValidationError,
  type CreationOptional,
  type IndexOptions,
  type InstanceThis,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';
import { selectRows } from '../../../../test-support/schema';

class Post extends Model {
  declare id: CreationOptional<number>;
  declare title: string;
  declare authorName: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare removedAt: Date | null;
}

class Doc extends Model {
  declare id: CreationOptional<number>;
  declare body: string;
  declare lockVersion: CreationOptional<number>;
}

describeEachDialect('Model options', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Post.init(
      {
        title: { type: DataTypes.STRING, allowNull: false },
        authorName: DataTypes.STRING,
      },
      {
        strata: db,
        underscored: true,
        paranoid: true,
        deletedAt: 'removedAt',
        comment: 'blog posts',
        indexes: (
          [
            { fields: ['authorName', { name: 'createdAt', order: 'DESC' }], name: 'posts_author_recent' },
            { unique: true, fields: ['title'], where: { removedAt: null }, name: 'posts_live_title' },
          ] as IndexOptions[]
        ).filter((index) => db.dialect.supports.partialIndexes || !index.where),
      },
    );
    Doc.init(
      { body: DataTypes.TEXT },
      { strata: db, version: 'lockVersion', timestamps: false, tableName: 'documents' },
    );
    await db.sync({ force: true });
  });

  describe('table names', () => {
    it('pluralises the model name, unless freezeTableName or tableName says otherwise', async () => {
      const Person = db.define('Person', { name: DataTypes.STRING });
      const Mouse = db.define('Mouse', { name: DataTypes.STRING }, { freezeTableName: true });
      const Box = db.define('Box', { name: DataTypes.STRING }, { tableName: 'crates' });
      const ByOption = db.define('Category', { name: DataTypes.STRING });
      expect([Person.tableName, Mouse.tableName, Box.tableName, ByOption.tableName]).toEqual([
        'People',
        'Mouse',
        'crates',
        'Categories',
      ]);
      await Promise.all([Person.sync(), Mouse.sync(), Box.sync(), ByOption.sync()]);
      const tables = await db.getQueryInterface().showAllTables();
      expect(tables).toEqual(expect.arrayContaining(['People', 'Mouse', 'crates', 'Categories']));
    });

    it('takes defaults from the connection-wide define option', () => {
      const frozen = ctx.connect({ define: { freezeTableName: true, timestamps: false } });
      const Thing = frozen.define('Thing', { name: DataTypes.STRING });
      expect(Thing.tableName).toBe('Thing');
      expect(Object.keys(Thing.getAttributes())).toEqual(['id', 'name']);
    });

    it('uses modelName over the class name', () => {
      class Internal extends Model {}
      Internal.init({ name: DataTypes.STRING }, { strata: db, modelName: 'Visible' });
      expect(Internal.modelName).toBe('Visible');
      expect(Internal.tableName).toBe('Visibles');
      expect(db.model('Visible')).toBe(Internal);
    });
  });

  describe('timestamps', () => {
    it('renames or switches off createdAt/updatedAt/deletedAt one by one', async () => {
      const Only = db.define(
        'Event',
        { name: DataTypes.STRING },
        { createdAt: 'bornAt', updatedAt: false, paranoid: true, deletedAt: 'goneAt' },
      );
      const None = db.define('None', { name: DataTypes.STRING }, { timestamps: false, paranoid: false });
      expect(Only.tableName).toBe('Events');
      await Only.sync();
      await None.sync();
      expect(Object.keys(await db.getQueryInterface().describeTable('Events'))).toEqual([
        'id',
        'name',
        'bornAt',
        'goneAt',
      ]);
      expect(Object.keys(await db.getQueryInterface().describeTable('Nones'))).toEqual(['id', 'name']);
      const row = await Only.create({ name: 'x' } as never);
      expect(row.get('bornAt')).toBeInstanceOf(Date);
      expect(row.get('updatedAt')).toBeUndefined();
    });

    it('sets createdAt once and moves updatedAt on every save', async () => {
      const post = await Post.create({ title: 'Timestamps' });
      const { createdAt, updatedAt } = post;
      expect(createdAt.getTime()).toBe(updatedAt.getTime());
      await new Promise((resolve) => setTimeout(resolve, 15));
      await post.update({ title: 'Timestamps 2' });
      const found = await Post.findByPk(post.id);
      expect(found?.createdAt.getTime()).toBe(createdAt.getTime());
      expect(found!.updatedAt.getTime()).toBeGreaterThan(updatedAt.getTime());
    });

    it('refuses paranoid without timestamps', () => {
      expect(() => db.define('Ghost', { name: DataTypes.STRING }, { paranoid: true, timestamps: false })).toThrow(
        /paranoid needs timestamps/,
      );
    });
  });

  it('underscored: snake_case columns for attributes and timestamps, attribute names unchanged', async () => {
    const columns = Object.keys(await db.getQueryInterface().describeTable('Posts'));
    expect(columns).toEqual(['id', 'title', 'author_name', 'created_at', 'updated_at', 'removed_at']);
    const post = await Post.create({ title: 'Underscored', authorName: 'Ann' });
    expect((await Post.findOne({ where: { authorName: 'Ann' } }))?.id).toBe(post.id);
  });

  describe('paranoid', () => {
    it('destroy sets deletedAt and finders hide the row unless paranoid: false', async () => {
      const post = await Post.create({ title: 'Soft' });
      await post.destroy();
      expect(post.removedAt).toBeInstanceOf(Date);
      expect(await Post.findByPk(post.id)).toBeNull();
      expect(await Post.count({ where: { title: 'Soft' } })).toBe(0);
      expect(await Post.findAll({ where: { title: 'Soft' } })).toEqual([]);
      const hidden = await Post.findOne({ where: { title: 'Soft' }, paranoid: false });
      expect(hidden?.removedAt).toBeInstanceOf(Date);
      // The row is still in the table.
      expect(await selectRows(db, `SELECT id FROM ${q('Posts')} WHERE id = ?`, [post.id])).toHaveLength(1);
    });

    it('static destroy soft-deletes, restore brings rows back (static and instance)', async () => {
      const a = await Post.create({ title: 'Restore A' });
      const b = await Post.create({ title: 'Restore B' });
      expect(await Post.destroy({ where: { id: [a.id, b.id] } })).toBe(2);
      expect(await Post.count({ where: { id: [a.id, b.id] } })).toBe(0);
      expect(await Post.restore({ where: { id: a.id } })).toBe(1);
      expect((await Post.findByPk(a.id))?.removedAt).toBeNull();
      const gone = await Post.findByPk(b.id, { paranoid: false });
      await gone!.restore();
      expect(await Post.count({ where: { id: [a.id, b.id] } })).toBe(2);
    });

    it('destroy({ force: true }) deletes for real', async () => {
      const post = await Post.create({ title: 'Hard' });
      await post.destroy({ force: true });
      expect(await Post.findByPk(post.id, { paranoid: false })).toBeNull();
      const other = await Post.create({ title: 'Hard 2' });
      await Post.destroy({ where: { id: other.id }, force: true });
      expect(await selectRows(db, `SELECT id FROM ${q('Posts')} WHERE id = ?`, [other.id])).toHaveLength(0);
    });

    it('update() leaves soft-deleted rows alone', async () => {
      const post = await Post.create({ title: 'Untouched', authorName: 'before' });
      await post.destroy();
      const [count] = await Post.update({ authorName: 'after' }, { where: { id: post.id } });
      expect(count).toBe(0);
      expect((await Post.findByPk(post.id, { paranoid: false }))?.authorName).toBe('before');
    });
  });

  it('version: a stale save throws OptimisticLockError and overwrites nothing', async () => {
    const doc = await Doc.create({ body: 'v0' });
    expect(doc.lockVersion).toBe(0);
    const first = (await Doc.findByPk(doc.id))!;
    const second = (await Doc.findByPk(doc.id))!;
    first.body = 'first edit';
    await first.save();
    expect(first.lockVersion).toBe(1);
    second.body = 'stale edit';
    const error = await second.save().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OptimisticLockError);
    expect((error as Error).message).toMatch(/Doc/);
    const stored = (await Doc.findByPk(doc.id))!;
    expect(stored.body).toBe('first edit');
    expect(stored.lockVersion).toBe(1);
    expect(second.lockVersion).toBe(0);
    await second.reload();
    second.body = 'after reload';
    await second.save();
    expect((await Doc.findByPk(doc.id))?.get({ plain: true })).toMatchObject({ body: 'after reload', lockVersion: 2 });
    const columns = await db.getQueryInterface().describeTable('documents');
    expect(columns.lockVersion).toMatchObject({ allowNull: false });
  });

  describe('indexes', () => {
    it('creates named indexes over the given fields, in order', async () => {
      const indexes = await db.getQueryInterface().showIndex('Posts');
      expect(indexes.find((i) => i.name === 'posts_author_recent')).toMatchObject({
        unique: false,
        fields: ['author_name', 'created_at'],
      });
      const definition = await indexDefinition('Posts', 'posts_author_recent');
      expect(definition).toMatch(/created_at.{0,3}\s+DESC/i);
    });

    it('partial unique index: unique among live rows only (PostgreSQL, SQLite)', async () => {
      if (!db.dialect.supports.partialIndexes) {
        expect(() =>
          db.define(
            'Partial',
            { title: DataTypes.STRING },
            { indexes: [{ fields: ['title'], where: { title: 'x' } }] },
          ),
        ).toThrow(/has a where, but mysql has no partial indexes/);
        return;
      }
      const indexes = await db.getQueryInterface().showIndex('Posts');
      expect(indexes.find((i) => i.name === 'posts_live_title')).toMatchObject({ unique: true, fields: ['title'] });
      const first = await Post.create({ title: 'Only once' });
      await expect(Post.create({ title: 'Only once' })).rejects.toBeInstanceOf(UniqueConstraintError);
      await first.destroy();
      await Post.create({ title: 'Only once' });
      expect(await Post.count({ where: { title: 'Only once' }, paranoid: false })).toBe(2);
    });

    it('index method, prefix length and collation where the dialect has them', async () => {
      const Tagged = db.define(
        'Tagged',
        { label: DataTypes.STRING(100), code: DataTypes.STRING(20) },
        {
          timestamps: false,
          indexes: [
            { name: 'tagged_label', using: 'BTREE', fields: [{ name: 'label', length: 10, order: 'ASC' }] },
            {
              name: 'tagged_code',
              unique: true,
              fields: [{ name: 'code', collate: ctx.dialect === 'sqlite' ? 'NOCASE' : 'C' }],
            },
          ],
        },
      );
      await Tagged.sync();
      const label = await indexDefinition('Taggeds', 'tagged_label');
      const code = await indexDefinition('Taggeds', 'tagged_code');
      if (ctx.dialect === 'postgres') {
        expect(label).toMatch(/USING btree \(label\)/);
        expect(code).toMatch(/code COLLATE "C"/);
      } else if (ctx.dialect === 'mysql') {
        expect(label).toBe('label(10) BTREE');
      } else {
        expect(code).toMatch(/["`]code["`] COLLATE ["`]NOCASE["`]/);
        // NOCASE makes the unique index case-insensitive.
        await (Tagged as unknown as { create(v: object): Promise<unknown> }).create({ code: 'abc' });
        await expect(
          (Tagged as unknown as { create(v: object): Promise<unknown> }).create({ code: 'ABC' }),
        ).rejects.toBeInstanceOf(UniqueConstraintError);
      }
    });

    it('refuses an index over an unknown attribute when the model is defined', () => {
      expect(() => db.define('BadIndex', { a: DataTypes.STRING }, { indexes: [{ fields: ['nope'] }] })).toThrow(
        ModelDefinitionError,
      );
    });
  });

  it('stores the table comment (PostgreSQL, MySQL) and the engine (MySQL)', async () => {
    const Archived = db.define(
      'Archived',
      { name: DataTypes.STRING },
      { engine: 'MyISAM', comment: "archive's table", timestamps: false },
    );
    await Archived.sync();
    if (ctx.dialect === 'postgres') {
      const [row] = await selectRows<{ comment: string }>(
        db,
        'SELECT obj_description(\'"Posts"\'::regclass) AS comment',
      );
      expect(row.comment).toBe('blog posts');
      const [archived] = await selectRows<{ comment: string }>(
        db,
        'SELECT obj_description(\'"Archiveds"\'::regclass) AS comment',
      );
      expect(archived.comment).toBe("archive's table");
    } else if (ctx.dialect === 'mysql') {
      const rows = await selectRows<{ name: string; engine: string; comment: string }>(
        db,
        'SELECT TABLE_NAME AS name, ENGINE AS engine, TABLE_COMMENT AS comment FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?, ?) ORDER BY TABLE_NAME',
        ['Archiveds', 'Posts'],
      );
      expect(rows).toEqual([
        { name: 'Archiveds', engine: 'MyISAM', comment: "archive's table" },
        { name: 'Posts', engine: 'InnoDB', comment: 'blog posts' },
      ]);
    } else {
      expect(await db.getQueryInterface().showAllTables()).toContain('Archiveds');
    }
  });

  it('getterMethods and setterMethods act as pseudo-attributes', async () => {
    const Person = db.define(
      'Named',
      { first: DataTypes.STRING, last: DataTypes.STRING },
      {
        timestamps: false,
        getterMethods: {
          fullName(this: InstanceThis) {
            return `${this.first} ${this.last}`;
          },
        },
        setterMethods: {
          fullName(this: InstanceThis, value: never) {
            const [first, ...rest] = String(value).split(' ');
            this.setDataValue('first', first);
            this.setDataValue('last', rest.join(' '));
          },
        },
      },
    );
    await Person.sync();
    const person = Person.build({ fullName: 'Ada King Lovelace' } as never);
    expect(person.get('first')).toBe('Ada');
    expect(person.get('last')).toBe('King Lovelace');
    expect((person as unknown as { fullName: string }).fullName).toBe('Ada King Lovelace');
    await person.save();
    const found = await Person.findByPk(person.get('id') as number);
    expect(found?.toJSON()).toEqual({
      id: person.get('id'),
      first: 'Ada',
      last: 'King Lovelace',
      fullName: 'Ada King Lovelace',
    });
  });

  it('runs model-wide validators, naming the validator', async () => {
    const Range = db.define(
      'Range',
      { low: DataTypes.INTEGER, high: DataTypes.INTEGER },
      {
        timestamps: false,
        validate: {
          lowBelowHigh(this: { low: number; high: number }) {
            if (this.low > this.high) throw new Error('low must not exceed high');
          },
        },
      },
    );
    await Range.sync();
    const error = await Range.create({ low: 5, high: 1 } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors[0]).toMatchObject({ path: 'lowBelowHigh' });
    expect(await Range.count()).toBe(0);
  });

  it('accepts defaultScope, scopes and hooks slots', () => {
    const calls: string[] = [];
    const Slot = db.define(
      'Slot',
      { name: DataTypes.STRING },
      {
        defaultScope: { where: { name: 'x' } },
        scopes: { named: { where: { name: 'y' } } },
        hooks: { beforeCreate: () => void calls.push('beforeCreate') },
      },
    );
    expect(Slot.definition.options.defaultScope).toEqual({ where: { name: 'x' } });
    expect(Slot.hasHook('beforeCreate')).toBe(true);
  });

  /** The SQL that defines an index, as the dialect's catalog shows it (MySQL: `column(length) TYPE`). */
  async function indexDefinition(table: string, name: string): Promise<string> {
    if (ctx.dialect === 'postgres') {
      const [row] = await selectRows<{ def: string }>(
        db,
        'SELECT indexdef AS def FROM pg_indexes WHERE indexname = ?',
        [name],
      );
      return row.def;
    }
    if (ctx.dialect === 'mysql') {
      const rows = await selectRows<{ col: string; sub: number | null; type: string; collation: string }>(
        db,
        'SELECT COLUMN_NAME AS col, SUB_PART AS sub, INDEX_TYPE AS type, COLLATION AS collation FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND INDEX_NAME = ? ORDER BY SEQ_IN_INDEX',
        [table, name],
      );
      return rows
        .map((r) => `${r.col}${r.sub ? `(${r.sub})` : ''}${r.collation === 'D' ? ' DESC' : ''} ${r.type}`)
        .join(', ');
    }
    const [row] = await selectRows<{ sql: string }>(
      db,
      "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?",
      [name],
    );
    return row.sql;
  }

  function q(name: string): string {
    return ctx.dialect === 'mysql' ? `\`${name}\`` : `"${name}"`;
  }
});
