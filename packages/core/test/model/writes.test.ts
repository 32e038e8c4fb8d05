import { DataTypes, EmptyResultError, Model, Op, Strata, type CreationOptional } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Note extends Model {
  declare id: CreationOptional<number>;
  declare title: string;
  declare body: string | null;
  declare views: CreationOptional<number>;
}

describeEachDialect('writes: create, save, update, destroy, restore, reload', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Note.init(
      {
        title: { type: DataTypes.STRING, allowNull: false, field: 'note_title' },
        body: DataTypes.TEXT,
        views: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      },
      { strata: db, tableName: 'notes', paranoid: true },
    );
    await db.sync({ force: true });
  });

  beforeEach(async () => {
    await Note.destroy({ all: true, force: true });
  });

  it('create with fields writes only those attributes', async () => {
    const note = await Note.create({ title: 'T', body: 'not written' }, { fields: ['title'] });
    expect((await Note.findByPk(note.id))?.body).toBeNull();
  });

  it('create reads back only the columns the database filled in', async () => {
    const logged: string[] = [];
    const note = await Note.create({ title: 'T', body: 'B' }, { logging: (sql) => void logged.push(sql) });
    expect(note.get()).toEqual({
      id: expect.any(Number),
      title: 'T',
      body: 'B',
      views: 0,
      createdAt: expect.any(Date),
      updatedAt: expect.any(Date),
      deletedAt: null,
    });
    expect(note.get()).toEqual((await Note.findByPk(note.id))!.get());
    const insert = logged.find((sql) => /^insert/i.test(sql)) ?? '';
    const returning = /\sreturning\s+(.*)$/i.exec(insert)?.[1] ?? null;
    expect(returning).toEqual(ctx.dialect === 'mysql' ? null : expect.stringMatching(/^.id., .deletedAt.$/));
  });

  it('tracks changes and save({ fields }) writes only those', async () => {
    const note = Note.build({ title: 'draft' });
    expect(note.isNewRecord).toBe(true);
    await note.save();
    note.title = 'new title';
    note.body = 'new body';
    expect(note.changed()).toEqual(expect.arrayContaining(['title', 'body']));
    expect(note.previous('title')).toBe('draft');
    await note.save({ fields: ['body'] });
    const stored = await Note.findByPk(note.id);
    expect(stored?.title).toBe('draft');
    expect(stored?.body).toBe('new body');
  });

  it('create takes a generated key from the insert id where that is all the database filled in', async () => {
    const Tag = db.define(
      'Tag',
      { label: { type: DataTypes.STRING, allowNull: false } },
      { tableName: 'write_tags', timestamps: false },
    );
    await Tag.sync({ force: true });
    const logged: string[] = [];
    const first = await Tag.create({ label: 'a' }, { logging: (sql) => void logged.push(sql) });
    const second = await Tag.create({ label: 'b' });
    expect([first.get('id'), second.get('id')]).toEqual([1, 2]);
    expect(await Tag.findAll({ order: [['id', 'ASC']], raw: true })).toEqual([
      { id: 1, label: 'a' },
      { id: 2, label: 'b' },
    ]);
    const returning = /\sreturning\s+(.*)$/i.exec(logged[0] ?? '')?.[1] ?? null;
    expect(returning).toEqual(ctx.dialect === 'postgres' ? '"id"' : null);
  });

  it('previous() holds the stored values until a save, however the values were changed', async () => {
    await Note.create({ title: 'first', body: 'b' });
    const note = (await Note.findOne({ where: { title: 'first' } }))!;
    expect([note.previous('title'), note.changed()]).toEqual(['first', false]);
    note.set({ title: 'second' });
    note.body = 'c';
    note.title = 'third';
    expect(note.previous()).toEqual({ title: 'first', body: 'b' });
    await note.save();
    expect([note.previous('title'), note.changed()]).toEqual(['third', false]);
    await note.increment('views');
    expect([note.views, note.previous('views')]).toEqual([1, 1]);
    const built = Note.build({ title: 'new' });
    expect(built.previous('title')).toBeUndefined();
    expect(built.changed()).toEqual(expect.arrayContaining(['title', 'views']));
    built.title = 'newer';
    expect(built.previous()).toEqual({ title: undefined, views: undefined });
  });

  it('static update returns the count, and the rows with returning on every dialect', async () => {
    await Note.bulkCreate([{ title: 'a' }, { title: 'b' }, { title: 'c' }]);
    const [count] = await Note.update({ views: 5 }, { where: { title: ['a', 'b'] } });
    expect(count).toBe(2);
    const [affected, rows] = await Note.update({ body: 'x' }, { where: { views: 5 }, returning: true });
    expect(affected).toBe(2);
    expect(rows?.map((r) => r.title).sort()).toEqual(['a', 'b']);
    expect(rows?.every((r) => r.body === 'x' && r instanceof Note)).toBe(true);
    const [none, noRows] = await Note.update({ body: 'y' }, { where: { title: 'zz' }, returning: true });
    expect(none).toBe(0);
    expect(noRows).toEqual([]);
  });

  it('static update with returning sends every statement it runs to the call logging, and returns only its rows', async () => {
    await Note.bulkCreate([{ title: 'a' }, { title: 'b' }]);
    const gone = await Note.create({ title: 'a' });
    await gone.destroy();
    const logged: string[] = [];
    const [affected, rows] = await Note.update(
      { views: 3 },
      { where: { title: 'a' }, returning: true, logging: (sql) => void logged.push(sql) },
    );
    expect(affected).toBe(1);
    expect(rows?.map((r) => [r.title, r.views])).toEqual([['a', 3]]);
    // Without RETURNING the rows are read before and after the UPDATE: the call sends those reads too.
    const reads = logged.filter((sql) => /^select/i.test(sql));
    expect(reads).toHaveLength(ctx.dialect === 'mysql' ? 2 : 0);
    expect(logged.filter((sql) => /^update/i.test(sql))).toHaveLength(1);
  });

  it('static update and destroy need a where, or { all: true }', async () => {
    await Note.create({ title: 'keep' });
    await expect(Note.update({ views: 1 }, {} as never)).rejects.toThrow(
      /Note.update needs a where; pass \{ all: true \}/,
    );
    await expect(Note.update({ views: 1 }, { where: {} })).rejects.toThrow(/needs a where/);
    await expect(Note.destroy({} as never)).rejects.toThrow(/Note.destroy needs a where/);
    await expect(Note.update({ nope: 1 } as never, { all: true })).rejects.toThrow(/"nope" is not an attribute/);
    await expect(Note.update({ views: { $gt: 1 } } as never, { all: true })).rejects.toThrow(/views/);
    expect(await Note.count({ where: { views: 0 } })).toBe(1);
    expect((await Note.update({ views: 2 }, { all: true }))[0]).toBe(1);
  });

  it('soft-destroys, restores, force-destroys and truncates', async () => {
    const [a, b] = await Note.bulkCreate([{ title: 'a' }, { title: 'b' }]);
    expect(await Note.destroy({ where: { id: a.id } })).toBe(1);
    expect(await Note.count()).toBe(1);
    expect(await Note.count({ paranoid: false })).toBe(2);
    expect(await Note.restore({ where: { id: a.id } })).toBe(1);
    expect(await Note.count()).toBe(2);
    await b.destroy();
    expect(await Note.findByPk(b.id)).toBeNull();
    await b.restore();
    expect((await Note.findByPk(b.id))?.title).toBe('b');
    await b.destroy({ force: true });
    expect(await Note.count({ paranoid: false })).toBe(1);
    await Note.destroy({ truncate: true });
    expect(await Note.count({ paranoid: false })).toBe(0);
  });

  it('instance update and reload', async () => {
    const note = await Note.create({ title: 'r' });
    await note.update({ body: 'b' });
    await Note.update({ title: 'changed elsewhere' }, { where: { id: note.id } });
    await note.reload();
    expect(note.title).toBe('changed elsewhere');
    expect(note.body).toBe('b');
    await Note.destroy({ where: { id: note.id }, force: true });
    await expect(note.reload()).rejects.toBeInstanceOf(EmptyResultError);
  });

  it('a failed update leaves every row as it was', async () => {
    await Note.bulkCreate([{ title: 'one' }, { title: 'two' }]);
    await expect(Note.update({ title: null } as never, { where: { title: { [Op.ne]: 'x' } } })).rejects.toThrow();
    expect((await Note.findAll({ order: ['id'] })).map((n) => n.title)).toEqual(['one', 'two']);
  });
});
