import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AccessDeniedError,
  AggregateError as StrataAggregateError,
  BulkRecordError,
  ConnectionAcquireTimeoutError,
  ConnectionError,
  ConnectionRefusedError,
  DatabaseError,
  DataTypes,
  DeadlockError,
  ForeignKeyConstraintError,
  LockTimeoutError,
  Model,
  QueryTypes,
  SerializationError,
  Strata,
  StrataError,
  TimeoutError,
  UniqueConstraintError,
  ValidationError,
  ValidationErrorItem,
  type CreationOptional,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';
import { rejection } from '../../../../test-support/rejection';
import { SERVERS } from '../../../../test-support/servers';

/** Issue 19 (error classes you can branch on) and issue 16 (Sequelize's error surface). */

function defineAccount(db: Strata) {
  class Account extends Model {
    declare id: CreationOptional<number>;
    declare name: string;
    declare balance: CreationOptional<number>;
  }
  Account.init(
    {
      name: { type: DataTypes.STRING, allowNull: false, unique: true },
      balance: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    },
    { strata: db, tableName: 'error_accounts', timestamps: false },
  );
  return Account;
}

describe('error classes without a database', () => {
  it('BulkRecordError and AggregateError carry errors as Sequelize does, without replacing the global', () => {
    const invalid = new ValidationError('bad', [
      new ValidationErrorItem({
        message: 'no',
        type: 'Validation error',
        path: 'email',
        value: 'x',
        validatorKey: 'isEmail',
      }),
    ]);
    const record = { email: 'x' };
    const bulk = new BulkRecordError(invalid, record);
    expect(bulk).toBeInstanceOf(StrataError);
    expect(bulk.errors).toBe(invalid);
    expect(bulk.record).toBe(record);
    const aggregate = new StrataAggregateError([bulk, new Error('second')]);
    expect(aggregate.errors).toHaveLength(2);
    expect(aggregate.message).toBe('bad\nsecond');
    expect(aggregate.name).toBe('AggregateError');
    expect(aggregate).not.toBeInstanceOf(globalThis.AggregateError);
    expect(new globalThis.AggregateError([])).not.toBeInstanceOf(StrataAggregateError);
  });

  it('a timeout that is a ConnectionError first is also a TimeoutError, and nothing else is', () => {
    const acquire = new ConnectionAcquireTimeoutError('none free');
    expect(acquire).toBeInstanceOf(ConnectionError);
    expect(acquire).toBeInstanceOf(TimeoutError);
    expect(acquire.retryable).toBe(true);
    expect(new ConnectionError('x')).not.toBeInstanceOf(TimeoutError);
    expect(new LockTimeoutError('x')).toBeInstanceOf(TimeoutError);
    expect({}).not.toBeInstanceOf(TimeoutError);
  });
});

describeEachDialect('error classes', (ctx) => {
  let db: Strata;
  let Account: ReturnType<typeof defineAccount>;

  beforeAll(async () => {
    db = ctx.connect();
    Account = defineAccount(db);
    await db.sync({ force: true });
  });

  beforeEach(async () => {
    await Account.destroy({ where: {}, all: true });
  });

  it('a unique violation is a UniqueConstraintError, a DatabaseError and a ValidationError, with parent/original/sql', async () => {
    await Account.create({ name: 'ann' });
    const error = await rejection(Account.create({ name: 'ann' }), UniqueConstraintError);
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toBeInstanceOf(StrataError);
    expect(error.name).toBe('UniqueConstraintError');
    expect(error.retryable).toBe(false);
    expect(error.sql).toMatch(/^INSERT INTO/i);
    expect(error.parent).toBe(error.cause);
    expect(error.original).toBe(error.cause);
    expect((error.cause as { code?: unknown }).code ?? (error.cause as { errno?: unknown }).errno).toBeDefined();
    expect(error.get('name').map((item) => item.validatorKey)).toEqual(['not_unique']);
    // A plain ValidationError is not taken for a database error.
    expect(new ValidationError('x')).not.toBeInstanceOf(DatabaseError);
    expect(new ValidationError('x')).not.toBeInstanceOf(UniqueConstraintError);
  });

  it('a foreign key violation says which side refused (reltype) and names the constraint as index', async () => {
    await db.query('CREATE TABLE fk_parents (id INTEGER PRIMARY KEY)');
    await db.query(
      'CREATE TABLE fk_children (id INTEGER PRIMARY KEY, parent_id INTEGER, ' +
        'CONSTRAINT fk_children_parent FOREIGN KEY (parent_id) REFERENCES fk_parents (id))',
    );
    await db.query('INSERT INTO fk_parents (id) VALUES (1)');
    await db.query('INSERT INTO fk_children (id, parent_id) VALUES (1, 1)');
    const child = await rejection(
      db.query('INSERT INTO fk_children (id, parent_id) VALUES (2, 99)'),
      ForeignKeyConstraintError,
    );
    const parent = await rejection(db.query('DELETE FROM fk_parents WHERE id = 1'), ForeignKeyConstraintError);
    if (ctx.dialect === 'sqlite') {
      // SQLite reports neither the side nor the constraint.
      expect([child.reltype, parent.reltype]).toEqual([undefined, undefined]);
    } else {
      expect([child.reltype, parent.reltype]).toEqual(['child', 'parent']);
      expect(child.index).toBe('fk_children_parent');
      expect(child.index).toBe(child.constraint);
    }
    expect(await db.query('SELECT id FROM fk_children ORDER BY id', { type: QueryTypes.SELECT })).toEqual([{ id: 1 }]);
  });

  it("errorNames: 'sequelize' gives errors Sequelize's names; the classes stay the same", async () => {
    const compatible = ctx.connect({ errorNames: 'sequelize' });
    const Compatible = defineAccount(compatible);
    await compatible.sync();
    await Compatible.create({ name: 'bea' });
    const unique = await rejection(Compatible.create({ name: 'bea' }), UniqueConstraintError);
    expect(unique.name).toBe('SequelizeUniqueConstraintError');
    const syntax = await rejection(compatible.query('SELECT FROM WHERE'), DatabaseError);
    expect(syntax.name).toBe('SequelizeDatabaseError');
    // The same fault on a default connection keeps Strata's names.
    expect((await rejection(db.query('SELECT FROM WHERE'), DatabaseError)).name).toBe('DatabaseError');
  });

  if (ctx.dialect === 'sqlite') {
    describe('on a database file shared by two connections', () => {
      let directory: string;
      let first: Strata;
      let second: Strata;

      beforeAll(async () => {
        directory = mkdtempSync(join(tmpdir(), 'strata-errors-'));
        const storage = join(directory, 'shared.db');
        first = ctx.connect({ storage, busyTimeout: 300 });
        second = ctx.connect({ storage, busyTimeout: 300 });
        await first.query('CREATE TABLE counters (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)');
        await first.query('INSERT INTO counters (id, value) VALUES (1, 0)');
      });

      afterAll(async () => {
        await first.close();
        await second.close();
        rmSync(directory, { recursive: true, force: true });
      });

      it('a write lock held past busyTimeout is a retryable LockTimeoutError, and the wait does not block the event loop', async () => {
        const holder = await first.transaction({ type: 'IMMEDIATE' });
        let ticks = 0;
        const ticker = setInterval(() => ticks++, 10);
        const started = Date.now();
        try {
          const error = await rejection(second.query('UPDATE counters SET value = value + 1'), LockTimeoutError);
          const waited = Date.now() - started;
          expect(error.retryable).toBe(true);
          expect(error).toBeInstanceOf(TimeoutError);
          expect(waited).toBeGreaterThanOrEqual(290);
          expect(waited).toBeLessThan(2000);
          // The event loop ran timers all along (a synchronous busy wait would allow none).
          expect(ticks).toBeGreaterThanOrEqual(10);
          console.log(`sqlite busy wait: ${waited} ms, ${ticks} timer ticks meanwhile`);
        } finally {
          clearInterval(ticker);
          await holder.rollback();
        }
      });

      it('a read-then-write DEFERRED transaction whose snapshot went stale fails with a SerializationError', async () => {
        const reader = await first.transaction({ type: 'DEFERRED' });
        await first.query('SELECT value FROM counters WHERE id = 1', { transaction: reader, type: QueryTypes.SELECT });
        await second.query('UPDATE counters SET value = value + 1 WHERE id = 1');
        const error = await rejection(
          first.query('UPDATE counters SET value = value + 10 WHERE id = 1', { transaction: reader }),
          SerializationError,
        );
        expect(error.retryable).toBe(true);
        expect((error.cause as { code: string }).code).toBe('SQLITE_BUSY_SNAPSHOT');
        await reader.rollback();
      });
    });
  } else {
    const server = SERVERS[ctx.dialect];

    it('a refused connection is a retryable ConnectionRefusedError; an unknown user an AccessDeniedError', async () => {
      const refused = new Strata({ dialect: ctx.dialect, host: '127.0.0.1', port: 9, database: 'test' });
      try {
        const error = await rejection(refused.authenticate(), ConnectionRefusedError);
        expect(error.retryable).toBe(true);
        expect(error).toBeInstanceOf(ConnectionError);
      } finally {
        await refused.close();
      }
      const stranger = new Strata({
        dialect: ctx.dialect,
        host: server.host,
        port: server.port,
        database: 'test',
        username: 'strata_no_such_user',
        password: 'x',
      });
      try {
        const error = await rejection(stranger.authenticate(), AccessDeniedError);
        expect(error.retryable).toBe(false);
      } finally {
        await stranger.close();
      }
    });

    it('session settings apply to every pooled connection; one the server refuses fails with a ConnectionError', async () => {
      const [name, value, read] =
        ctx.dialect === 'postgres'
          ? ['TimeZone', 'Asia/Tokyo', 'SHOW TimeZone']
          : ['time_zone', '+09:00', 'SELECT @@SESSION.time_zone AS zone'];
      const zoned = ctx.connect({ pool: { max: 3 }, session: { [name]: value } });
      const zones = await Promise.all(
        [1, 2, 3].map(() =>
          zoned.transaction(async (t) => {
            const row = (await zoned.query(read, { type: QueryTypes.SELECT, plain: true, transaction: t })) as Record<
              string,
              unknown
            >;
            await new Promise((resolve) => setTimeout(resolve, 50));
            return String(Object.values(row)[0]);
          }),
        ),
      );
      expect(zones).toEqual([value, value, value]);
      const misspelt = ctx.connect({ session: { no_such_setting_xyz: 1 } });
      const error = await rejection(misspelt.query('SELECT 1'), ConnectionError);
      expect(error.message).toMatch(/no_such_setting_xyz/);
      expect(() => ctx.connect({ session: { 'x; DROP TABLE y': 1 } })).toThrow(/not a setting name/);
    });

    it('a row lock held past lockTimeout is a retryable LockTimeoutError carrying the statement', async () => {
      const row = await Account.create({ name: 'locked' });
      const waiter = ctx.connect({ lockTimeout: 1000 });
      const holder = await db.transaction();
      try {
        await Account.update({ balance: 1 }, { where: { id: row.id }, transaction: holder });
        const started = Date.now();
        const error = await rejection(
          waiter.query(`UPDATE error_accounts SET balance = 2 WHERE id = ${row.id}`),
          LockTimeoutError,
        );
        const waited = Date.now() - started;
        expect(error.retryable).toBe(true);
        expect(error.sql).toMatch(/^UPDATE error_accounts/);
        expect(waited).toBeGreaterThanOrEqual(900);
        expect(waited).toBeLessThan(5000);
        console.log(`${ctx.dialect} lock wait with lockTimeout 1000: ${waited} ms`);
      } finally {
        await holder.rollback();
      }
    });

    it('two transactions locking two rows in opposite orders: the victim gets a retryable DeadlockError', async () => {
      const [a, b] = await Account.bulkCreate([{ name: 'dl-a' }, { name: 'dl-b' }]);
      const other = ctx.connect();
      const OtherAccount = defineAccount(other);
      const first = await db.transaction();
      const second = await other.transaction();
      await Account.update({ balance: 1 }, { where: { id: a.id }, transaction: first });
      await OtherAccount.update({ balance: 1 }, { where: { id: b.id }, transaction: second });
      const outcomes = await Promise.allSettled([
        Account.update({ balance: 2 }, { where: { id: b.id }, transaction: first }),
        OtherAccount.update({ balance: 2 }, { where: { id: a.id }, transaction: second }),
      ]);
      const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(failures).toHaveLength(1);
      expect(failures[0].reason).toBeInstanceOf(DeadlockError);
      expect((failures[0].reason as DeadlockError).retryable).toBe(true);
      for (const t of [first, second]) if (!t.finished) await t.rollback().catch(() => undefined);
    });

    it('a repeatable read that writes a row changed since its snapshot gets a retryable SerializationError', async () => {
      const row = await Account.create({ name: 'snap' });
      // MariaDB reports the conflict only with innodb_snapshot_isolation (a session setting;
      // the raw SET makes Strata close that connection instead of pooling it afterwards).
      const level = ctx.dialect === 'postgres' ? 'SERIALIZABLE' : 'REPEATABLE READ';
      const writer = ctx.connect();
      const error = await db
        .transaction({ isolationLevel: level }, async (t) => {
          if (ctx.dialect === 'mysql') await db.query('SET SESSION innodb_snapshot_isolation = ON', { transaction: t });
          await Account.findByPk(row.id, { transaction: t });
          await writer.query(`UPDATE error_accounts SET balance = 5 WHERE id = ${row.id}`);
          await Account.update({ balance: 7 }, { where: { id: row.id }, transaction: t });
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SerializationError);
      expect((error as SerializationError).retryable).toBe(true);
      expect((await Account.findByPk(row.id))?.balance).toBe(5);
    });

    it('waiting for a pool with no free connection ends in a ConnectionAcquireTimeoutError (a TimeoutError)', async () => {
      const small = ctx.connect({ pool: { max: 1, acquire: 300 }, errorNames: 'sequelize' });
      const holder = await small.transaction();
      try {
        const error = await rejection(small.query('SELECT 1'), ConnectionAcquireTimeoutError);
        expect(error).toBeInstanceOf(TimeoutError);
        expect(error.name).toBe('SequelizeConnectionAcquireTimeoutError');
      } finally {
        await holder.rollback();
      }
    });
  }
});
