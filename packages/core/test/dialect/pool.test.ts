import {
  DataTypes,
  DatabaseError,
  InvalidQueryError,
  Model,
  QueryTypes,
  Strata,
  TimeoutError,
  type CreationOptional,
  type PoolOptions,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

function defineItem(db: Strata) {
  class Item extends Model {
    declare id: CreationOptional<number>;
    declare name: string;
  }
  Item.init(
    { name: { type: DataTypes.STRING, allowNull: false, unique: true } },
    { strata: db, tableName: 'pool_items', timestamps: false },
  );
  return Item;
}

const selectOne = (db: Strata): Promise<unknown> => db.query('SELECT 1 AS one', { type: QueryTypes.SELECT });

describeEachDialect('connection pool', (ctx) => {
  it('rejects with a TimeoutError naming pool.acquire when every connection stays busy', async () => {
    const db = ctx.connect({ pool: { max: 1, acquire: 1000 } });
    await selectOne(db);
    const holder = await db.transaction();
    const error = await selectOne(db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/pool\.acquire/);
    await holder.rollback();
    // The waiter that gave up left the queue: the freed connection serves the next query.
    expect(await selectOne(db)).toEqual([{ one: 1 }]);
    expect(await db.transaction(async () => selectOne(db))).toEqual([{ one: 1 }]);
  });

  describe.each<[string, PoolOptions]>([
    ['the default pool', { acquire: 5000 }],
    ['pool.max = 1', { max: 1, acquire: 5000 }],
  ])('after many failures with %s', (_label, pool) => {
    let db: Strata;
    let Item: ReturnType<typeof defineItem>;

    beforeAll(async () => {
      db = ctx.connect({ pool });
      Item = defineItem(db);
      await db.sync({ force: true });
    });

    it('still serves queries after 1,000 failing queries in a row', async () => {
      for (let i = 0; i < 1000; i++) {
        await expect(db.query('SELECT * FROM no_such_table_here')).rejects.toBeInstanceOf(DatabaseError);
      }
      expect(await selectOne(db)).toEqual([{ one: 1 }]);
    });

    it('still serves queries after 100 thrown transactions, and none of their writes stayed', async () => {
      for (let i = 0; i < 100; i++) {
        await expect(
          db.transaction(async () => {
            await Item.create({ name: `item ${i}` });
            throw new Error(`thrown ${i}`);
          }),
        ).rejects.toThrow(`thrown ${i}`);
      }
      expect(await Item.count()).toBe(0);
      expect(await selectOne(db)).toEqual([{ one: 1 }]);
    });

    it('still serves queries after 100 transactions whose query failed, and after refused BEGINs', async () => {
      await Item.create({ name: 'taken' });
      for (let i = 0; i < 100; i++) {
        await expect(
          db.transaction(async () => {
            await Item.create({ name: `new ${i}` });
            await Item.create({ name: 'taken' });
          }),
        ).rejects.toBeInstanceOf(DatabaseError);
        await expect(
          db.transaction({ isolationLevel: 'NOT A LEVEL' as 'SERIALIZABLE' }, async () => 1),
        ).rejects.toBeInstanceOf(InvalidQueryError);
      }
      expect((await Item.findAll()).map((item) => item.name)).toEqual(['taken']);
      // Every connection is free again: as many queries at once as the pool holds, and more.
      const results = await Promise.all(Array.from({ length: 12 }, () => selectOne(db)));
      expect(results).toHaveLength(12);
      await Item.destroy({ all: true });
    });
  });

  if (ctx.dialect !== 'sqlite') {
    it('discards a connection that died inside a transaction instead of pooling it', async () => {
      const db = ctx.connect({ pool: { max: 1, acquire: 5000 } });
      const killSelf =
        ctx.dialect === 'postgres' ? 'SELECT pg_terminate_backend(pg_backend_pid())' : 'KILL CONNECTION_ID()';
      await expect(db.transaction(() => db.query(killSelf))).rejects.toThrow();
      expect(await selectOne(db)).toEqual([{ one: 1 }]);
      expect(await db.transaction(() => selectOne(db))).toEqual([{ one: 1 }]);
    });
  }
});
