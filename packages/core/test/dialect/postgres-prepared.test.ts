import { DataTypes, Model, QueryTypes, Strata, type CreationOptional } from '@strata/core';
import { MAX_PREPARED_PER_CONNECTION, PreparedStatements } from '../../src/dialect/postgres/postgres-prepared';
import { describeEachDialect } from '../../../../test-support/dialects';

class Gadget extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
}

describe('which statements PostgreSQL prepares under a name', () => {
  const client = {};

  it('names a statement the second time a connection sends it, and reuses the name', () => {
    const statements = new PreparedStatements(true);
    const sql = 'SELECT * FROM t WHERE id = $1';
    expect(statements.config(client, sql, [1])).toEqual({ text: sql, values: [1] });
    const second = statements.config(client, sql, [2]);
    expect(second).toEqual({ name: expect.stringMatching(/^strata_\d+$/), text: sql, values: [2] });
    expect(statements.config(client, sql, [3]).name).toBe(second.name);
    // Per connection: another client starts from nothing.
    expect(statements.config({}, sql, [4]).name).toBeUndefined();
  });

  it('never names a statement without parameters, nor anything when turned off', () => {
    const on = new PreparedStatements(true);
    on.config(client, 'BEGIN', []);
    expect(on.config(client, 'BEGIN', []).name).toBeUndefined();
    const off = new PreparedStatements(false);
    off.config(client, 'SELECT $1', [1]);
    expect(off.config(client, 'SELECT $1', [1]).name).toBeUndefined();
  });

  it(`names at most ${MAX_PREPARED_PER_CONNECTION} statements per connection`, () => {
    const statements = new PreparedStatements(true);
    const named = new Set<string>();
    for (let i = 0; i < MAX_PREPARED_PER_CONNECTION + 10; i += 1) {
      const sql = `SELECT $1 AS c${i}`;
      statements.config(client, sql, [i]);
      const name = statements.config(client, sql, [i]).name;
      if (name) named.add(name);
    }
    expect(named.size).toBe(MAX_PREPARED_PER_CONNECTION);
  });

  it('takes the option from dialectOptions, and refuses anything but a boolean', () => {
    expect(PreparedStatements.fromDialectOptions({ preparedStatements: true, statement_timeout: 1000 }).enabled).toBe(
      true,
    );
    expect(PreparedStatements.fromDialectOptions({ preparedStatements: false }).enabled).toBe(false);
    expect(PreparedStatements.fromDialectOptions(undefined).enabled).toBe(false);
    expect(() => PreparedStatements.fromDialectOptions({ preparedStatements: 'yes' })).toThrow(
      'dialectOptions.preparedStatements must be true or false (got string)',
    );
  });
});

describeEachDialect('dialectOptions.preparedStatements', (ctx) => {
  if (ctx.dialect !== 'postgres') {
    it('applies to PostgreSQL only', () => undefined);
    return;
  }

  /** The session's named statements that Strata prepared, read on the one pooled connection. */
  async function preparedOn(db: Strata): Promise<Array<{ name: string; statement: string }>> {
    return (await db.query(
      "SELECT name, statement FROM pg_prepared_statements WHERE name LIKE 'strata\\_%' ORDER BY name",
      {
        type: QueryTypes.SELECT,
      },
    )) as Array<{ name: string; statement: string }>;
  }

  it('runs repeated shapes as named statements on the connection, with every value bound', async () => {
    const db = ctx.connect({ pool: { max: 1 }, dialectOptions: { preparedStatements: true } });
    Gadget.init({ name: { type: DataTypes.STRING, allowNull: false } }, { strata: db, tableName: 'gadgets' });
    await db.sync({ force: true });
    await Gadget.bulkCreate([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    expect(await preparedOn(db)).toEqual([]);
    const names = [];
    for (const id of [1, 2, 3, 2]) names.push((await Gadget.findByPk(id))?.name);
    expect(names).toEqual(['a', 'b', 'c', 'b']);
    expect(await Gadget.findByPk(99)).toBeNull();
    const prepared = await preparedOn(db);
    expect(prepared).toHaveLength(1);
    expect(prepared[0].statement).toMatch(/^select .* from "gadgets" where "gadgets"\."id" = \$1/i);
  });

  it('prepares nothing by default', async () => {
    const db = ctx.connect({ pool: { max: 1 } });
    const Plain = db.define('Gadget', { name: DataTypes.STRING }, { tableName: 'gadgets' });
    for (const id of [1, 2, 3]) await Plain.findByPk(id);
    expect(await preparedOn(db)).toEqual([]);
  });
});
