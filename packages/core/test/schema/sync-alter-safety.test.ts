import { DataTypes, InvalidQueryError, Strata, type AttributesInput } from '@strata/core';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEachDialect } from '../../../../test-support/dialects';

let fileCounter = 0;

/**
 * sync({ alter }) never drops what it was told to keep, and never truncates or converts a value:
 * a change existing rows would not survive refuses the whole alter before its first step.
 */
describeEachDialect('sync({ alter }) keeps data', (ctx) => {
  // Two connections must see one database: on SQLite that takes a file, not memory.
  const database = () => {
    const file = join(tmpdir(), `strata-alter-${process.pid}-${++fileCounter}.db`);
    rmSync(file, { force: true });
    return (options: { logging?: (sql: string) => void } = {}): Strata =>
      ctx.dialect === 'sqlite' ? ctx.connect({ ...options, storage: file }) : ctx.connect(options);
  };
  let tableCounter = 0;

  /** A table made from `before` with `rows`, then a second connection whose model says `after`. */
  async function alterFrom(
    before: AttributesInput,
    rows: Array<Record<string, unknown>>,
    after: AttributesInput,
    options: { logging?: (sql: string) => void } = {},
  ) {
    const open = database();
    const tableName = `alter_items_${++tableCounter}`;
    const first = open();
    const Before = first.define('Item', before, { tableName, timestamps: false });
    await first.sync({ force: true });
    for (const row of rows) await Before.create(row as never);
    const second = open(options);
    const After = second.define('Item', after, { tableName, timestamps: false });
    const columns = () => second.getQueryInterface().describeTable(tableName);
    const values = async () =>
      (await second.query(`SELECT * FROM ${tableName} ORDER BY id`, { type: 'SELECT' })) as Array<
        Record<string, unknown>
      >;
    return { db: second, After, columns, values, tableName };
  }

  it('alter: { drop: false } adds and changes columns but never drops one, and logs what it kept', async () => {
    const lines: string[] = [];
    const { db, columns, values, tableName } = await alterFrom(
      { name: DataTypes.STRING(20), legacy: DataTypes.STRING(20) },
      [{ name: 'ann', legacy: 'keep me' }],
      { name: DataTypes.STRING(40), nickname: DataTypes.STRING(20) },
      { logging: (sql) => lines.push(sql) },
    );
    await db.sync({ alter: { drop: false } });
    expect(Object.keys(await columns()).sort()).toEqual(['id', 'legacy', 'name', 'nickname']);
    expect(await values()).toEqual([{ id: 1, name: 'ann', legacy: 'keep me', nickname: null }]);
    expect(lines).toContain(`sync({ alter: { drop: false } }) skipped: remove column ${tableName}.legacy`);
    // alter: true still drops it.
    await db.sync({ alter: true });
    expect(Object.keys(await columns()).sort()).toEqual(['id', 'name', 'nickname']);
  });

  it('refuses to narrow a STRING below the longest value, naming the column and the row count', async () => {
    const { db, columns, values, tableName } = await alterFrom(
      { name: DataTypes.STRING(255) },
      [{ name: 'longer-than-3' }, { name: 'abc' }, { name: 'also too long' }],
      { name: DataTypes.STRING(3) },
    );
    const failure = db.sync({ alter: true });
    await expect(failure).rejects.toThrow(InvalidQueryError);
    await expect(failure).rejects.toThrow(
      `change column ${tableName}.name (type VARCHAR(255) -> VARCHAR(3)): 2 rows with a value longer than 3 characters (would be truncated)`,
    );
    expect(db.dialect.schema.normalizeColumnType((await columns()).name.type)).toBe('VARCHAR(255)');
    expect((await values()).map((row) => row.name)).toEqual(['longer-than-3', 'abc', 'also too long']);
  });

  it('narrows a STRING when every value fits', async () => {
    const { db, columns, values } = await alterFrom(
      { name: DataTypes.STRING(255) },
      [{ name: 'abc' }, { name: null }],
      { name: DataTypes.STRING(3) },
    );
    await db.sync({ alter: true });
    expect(db.dialect.schema.normalizeColumnType((await columns()).name.type)).toBe('VARCHAR(3)');
    expect((await values()).map((row) => row.name)).toEqual(['abc', null]);
  });

  it("refuses to turn text that is not a whole number into INTEGER ('abc', '1.5'), and converts '12'", async () => {
    const refused = await alterFrom(
      { code: DataTypes.STRING(20) },
      [{ code: '12' }, { code: 'abc' }, { code: '1.5' }, { code: null }],
      { code: DataTypes.INTEGER },
    );
    await expect(refused.db.sync({ alter: true })).rejects.toThrow(
      `change column ${refused.tableName}.code (type VARCHAR(20) -> INT): 2 rows with a value that is not a whole number`,
    );
    expect((await refused.values()).map((row) => row.code)).toEqual(['12', 'abc', '1.5', null]);

    const converted = await alterFrom({ code: DataTypes.STRING(20) }, [{ code: '12' }, { code: ' -7' }], {
      code: DataTypes.INTEGER,
    });
    await converted.db.sync({ alter: true });
    expect((await converted.values()).map((row) => Number(row.code))).toEqual([12, -7]);
  });

  it('refuses a DECIMAL too narrow for the values, and NULLs into a NOT NULL column', async () => {
    const { db, values, tableName } = await alterFrom(
      { price: DataTypes.DECIMAL(10, 2), note: DataTypes.STRING(10) },
      [
        { price: '12345.50', note: null },
        { price: '1.25', note: 'x' },
        { price: '1234.5', note: 'y' },
      ],
      { price: DataTypes.DECIMAL(5, 1), note: { type: DataTypes.STRING(10), allowNull: false } },
    );
    const failure = db.sync({ alter: true });
    await expect(failure).rejects.toThrow(`change column ${tableName}.price`);
    await expect(failure).rejects.toThrow('2 rows with a value DECIMAL(5, 1) cannot hold exactly');
    await expect(failure).rejects.toThrow(
      `change column ${tableName}.note (not null): 1 row with NULL (the column becomes NOT NULL)`,
    );
    expect((await values()).map((row) => String(row.price))).toEqual(['12345.50', '1.25', '1234.50']);
  });

  it('checks every step before the first: a refused change leaves the columns added before it unadded', async () => {
    const { db, columns, tableName } = await alterFrom({ name: DataTypes.STRING(255) }, [{ name: 'longer-than-3' }], {
      name: DataTypes.STRING(3),
      extra: DataTypes.STRING(10),
      code: { type: DataTypes.INTEGER, allowNull: false },
    });
    const failure = db.sync({ alter: true });
    await expect(failure).rejects.toThrow(`change column ${tableName}.name`);
    await expect(failure).rejects.toThrow(
      `add column ${tableName}.code: 1 row with no value for the new NOT NULL column (it has no default)`,
    );
    expect(Object.keys(await columns()).sort()).toEqual(['id', 'name']);
  });

  it('refuses a unique index over duplicated values before adding anything', async () => {
    const { db, columns } = await alterFrom(
      { email: DataTypes.STRING(40) },
      [{ email: 'a@x.test' }, { email: 'a@x.test' }, { email: 'b@x.test' }],
      { email: { type: DataTypes.STRING(40), unique: true }, extra: DataTypes.STRING(10) },
    );
    await expect(db.sync({ alter: true })).rejects.toThrow('2 rows with a value of (email) another row has too');
    expect(Object.keys(await columns()).sort()).toEqual(['email', 'id']);
  });
});
