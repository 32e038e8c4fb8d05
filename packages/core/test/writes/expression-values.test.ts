import { DataTypes, Model, Strata, ValidationError, col, fn, literal, type CreationOptional } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Counter extends Model {
  declare id: CreationOptional<number>;
  declare label: string;
  declare email: string | null;
  declare views: CreationOptional<number>;
  declare seenAt: Date | null;
}

/** A model with a hook, so its writes take the hooked path (validation between hooks). */
class Hooked extends Model {
  declare id: CreationOptional<number>;
  declare label: string;
  declare views: CreationOptional<number>;
}

const isExpressionObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !(value instanceof Date);

describeEachDialect('fn, col and literal as the values of create, save and update', (ctx) => {
  let db: Strata;
  let statements: string[];

  beforeAll(async () => {
    statements = [];
    db = ctx.connect({ logging: (sql: string) => statements.push(sql) });
    Counter.init(
      {
        label: { type: DataTypes.STRING, allowNull: false, validate: { len: [1, 8] } },
        email: { type: DataTypes.STRING, validate: { isEmail: true } },
        views: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0, validate: { min: 0 } },
        seenAt: DataTypes.DATE,
      },
      { strata: db, tableName: 'counters' },
    );
    Hooked.init(
      {
        label: { type: DataTypes.STRING, allowNull: false, validate: { len: [1, 8] } },
        views: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      },
      { strata: db, tableName: 'hooked_counters', hooks: { beforeCreate: () => undefined } },
    );
    await db.sync({ force: true });
  });

  beforeEach(async () => {
    await Counter.destroy({ all: true });
    statements.length = 0;
  });

  it('create writes an expression as SQL and the instance holds the stored value', async () => {
    const before = Date.now() - 60_000;
    const counter = await Counter.create({
      label: fn('UPPER', 'abc'),
      views: fn('ABS', -5),
      seenAt: literal('CURRENT_TIMESTAMP'),
    });
    // The stored values, read back in the INSERT's RETURNING or (MySQL) by key right after it.
    expect(counter.label).toBe('ABC');
    expect(counter.views).toBe(5);
    expect(counter.seenAt).toBeInstanceOf(Date);
    expect(counter.seenAt!.getTime()).toBeGreaterThan(before);
    expect(counter.changed()).toBe(false);
    const stored = await Counter.findByPk(counter.id);
    expect(stored!.get()).toEqual(counter.get());
    // The values reached the SQL as expressions, the function's argument as a bound value.
    const insert = statements.find((sql) => /^insert/i.test(sql))!;
    expect(insert).toMatch(/UPPER\(/);
    expect(insert).toMatch(/CURRENT_TIMESTAMP/);
    expect(insert).not.toMatch(/abc/);
  });

  it('create with an expression skips validators and the type check for it, with or without validate: false', async () => {
    // `len: [1, 8]`, `isEmail` and the INTEGER type would all refuse these objects as values.
    const checked = await Counter.create({ label: fn('LOWER', 'ABCDEFGHIJKL'), email: fn('LOWER', 'A@B.C') });
    expect(checked.label).toBe('abcdefghijkl');
    expect(checked.email).toBe('a@b.c');
    const unchecked = await Counter.create(
      { label: 'plain', views: literal('2 + 3'), seenAt: literal('CURRENT_TIMESTAMP') },
      { validate: false },
    );
    expect(unchecked.views).toBe(5);
    expect(unchecked.seenAt).toBeInstanceOf(Date);
    // Plain values beside them are still validated.
    await expect(Counter.create({ label: 'far too long', views: fn('ABS', -1) })).rejects.toThrow(ValidationError);
  });

  it('a plain string is never SQL: it is bound, and typed like any value', async () => {
    const counter = await Counter.create({ label: 'views+1' });
    await counter.update({ label: 'UPPER(x)' });
    expect((await Counter.findByPk(counter.id))!.label).toBe('UPPER(x)');
    await expect(Counter.create({ label: 'a', views: 'views + 1' as unknown as number })).rejects.toThrow(
      /Counter\.views: expected/,
    );
    await expect(
      Counter.update({ views: 'views + 1' as unknown as number }, { where: { id: counter.id } }),
    ).rejects.toThrow(ValidationError);
    expect((await Counter.findByPk(counter.id))!.views).toBe(0);
  });

  it('instance.update with literal increments in SQL and holds the stored value', async () => {
    const counter = await Counter.create({ label: 'a', views: 1 });
    await counter.update({ views: literal('views + 1') });
    expect(counter.views).toBe(2);
    await counter.update({ views: literal('views + 10') }, { validate: false });
    expect(counter.views).toBe(12);
    expect(isExpressionObject(counter.views)).toBe(false);
    expect(counter.changed()).toBe(false);
    expect((await Counter.findByPk(counter.id))!.views).toBe(12);
    const update = statements.filter((sql) => /^update/i.test(sql)).pop()!;
    expect(update).toMatch(/views \+ 10/);
  });

  it('save() of a changed attribute set to an expression', async () => {
    const counter = await Counter.create({ label: 'a' });
    counter.set('label', fn('UPPER', col('label')));
    counter.set('seenAt', literal('CURRENT_TIMESTAMP'));
    await counter.save();
    expect(counter.label).toBe('A');
    expect(counter.seenAt).toBeInstanceOf(Date);
  });

  it('Model.update sets expressions on every matching row, with and without validation and hooks', async () => {
    const a = await Counter.create({ label: 'a', views: 1 });
    const b = await Counter.create({ label: 'b', views: 5 });
    const [count] = await Counter.update(
      { views: literal('views * 2'), label: fn('UPPER', col('label')) },
      { where: { id: [a.id, b.id] } },
    );
    expect(count).toBe(2);
    await Counter.update({ seenAt: literal('CURRENT_TIMESTAMP') }, { where: { id: a.id }, validate: false });
    const rows = await Counter.findAll({ order: [['id', 'ASC']] });
    expect(rows.map((r) => [r.label, r.views])).toEqual([
      ['A', 2],
      ['B', 10],
    ]);
    expect(rows[0].seenAt).toBeInstanceOf(Date);
    expect(rows[1].seenAt).toBeNull();

    const [, returned] = await Counter.update(
      { views: literal('views + 1') },
      { where: { id: a.id }, returning: true },
    );
    expect(returned!.map((r) => r.views)).toEqual([3]);

    const [, saved] = await Counter.update(
      { views: literal('views + 1') },
      { where: { id: b.id }, individualHooks: true, returning: true },
    );
    expect(saved!.map((r) => r.views)).toEqual([11]);
  });

  it('the hooked save path skips expressions in validation too', async () => {
    const hooked = await Hooked.create({ label: fn('LOWER', 'FAR TOO LONG'), views: literal('1 + 1') });
    expect(hooked.get()).toMatchObject({ label: 'far too long', views: 2 });
    await expect(Hooked.create({ label: 'far too long' })).rejects.toThrow(ValidationError);
  });

  it('bulkCreate and upsert refuse expression values before any SQL, and write nothing', async () => {
    // Their types refuse them too; JavaScript callers get the same answer at run time.
    await expect(Counter.bulkCreate([{ label: fn('UPPER', 'a') as never }, { label: 'b' }])).rejects.toThrow(
      /Counter\.label: fn\(\), col\(\) and literal\(\) are values of create, save and update only/,
    );
    await expect(Counter.upsert({ id: 1, label: literal("'x'") as never })).rejects.toThrow(ValidationError);
    expect(await Counter.count()).toBe(0);
  });

  it("where: { a: col('b') } compares two columns", async () => {
    await Counter.create({ label: 'x', views: 0 });
    const same = await Counter.create({ label: 'y', views: 0, email: null });
    await Counter.update({ email: fn('LOWER', col('label')) }, { where: { id: same.id }, validate: false });
    const found = await Counter.findAll({ where: { email: col('label') } });
    expect(found.map((c) => c.id)).toEqual([same.id]);
  });
});
