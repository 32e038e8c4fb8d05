import { inspect } from 'node:util';
import {
  DatabaseError,
  DataTypes,
  ForeignKeyConstraintError,
  InvalidQueryError,
  Model,
  Strata,
  UniqueConstraintError,
  ValidationError,
  type CreationOptional,
  type StrataOptions,
} from '@strata/core';
import { describeEachDialect, type TestDialect } from '../../../../test-support/dialects';
import { rejection } from '../../../../test-support/rejection';
import { SERVERS } from '../../../../test-support/servers';

/** Item 6 of issue 20: passwords and bound values stay out of messages, logs and inspect/JSON output. */

const PASSWORD = 's3cr3t-pw/x';
const SECRET = 'secret-value-7f3a';

/** Everything a log line, an error tracker or an API response could show of `subject`. */
function everythingShown(subject: unknown): string {
  const message = subject instanceof Error ? subject.message : '';
  return [message, inspect(subject, { depth: 10 }), JSON.stringify(subject)].join('\n');
}

/** Options that would connect to this dialect's server with the secret password (SQLite ignores it). */
function optionsWithPassword(dialect: TestDialect): StrataOptions {
  if (dialect === 'sqlite') return { dialect, storage: ':memory:', password: PASSWORD };
  const { host, port } = SERVERS[dialect];
  return { dialect, host, port, database: 'test', username: 'strata_nobody', password: PASSWORD };
}

describe('connection URLs that cannot be read', () => {
  it.each(['postgres', 'mysql'])('do not echo an unencoded password (%s)', (scheme) => {
    const url = `${scheme}://app:${PASSWORD}@127.0.0.1:5432/test`;
    expect(() => new Strata(url)).toThrow(/Not a connection URL: \w+:\/\/app:\*\*\*@127\.0\.0\.1:5432\/test/);
    expect(() => new Strata(`${scheme}://app:${PASSWORD}`)).toThrow(/^Not a connection URL: \w+:\/\/app:\*\*\*/);
    for (const candidate of [url, `${scheme}://app:${PASSWORD}`, `${scheme}://app:p@ss/${PASSWORD}@host/db`]) {
      try {
        new Strata(candidate);
      } catch (error) {
        expect(everythingShown(error)).not.toContain('s3cr3t');
      }
    }
  });
});

describeEachDialect('the connection password', (ctx) => {
  it('is in neither inspect nor JSON output of the connection, its options or its dialect (options form)', async () => {
    const db = new Strata(optionsWithPassword(ctx.dialect));
    try {
      db.define('Secretive', { name: DataTypes.STRING });
      for (const subject of [db, db.options, db.dialect, db.executor, db.models.Secretive]) {
        expect(everythingShown(subject)).not.toContain('s3cr3t');
      }
      expect(inspect(db)).toMatch(/^Strata \{/);
      expect(JSON.parse(JSON.stringify(db))).toMatchObject({ dialect: db.getDialect(), models: ['Secretive'] });
    } finally {
      await db.close();
    }
  });

  it('is in no output of a connection made from a URL', async () => {
    if (ctx.dialect === 'sqlite') return; // a SQLite URL has no password
    const { port } = SERVERS[ctx.dialect];
    const db = new Strata(`${ctx.dialect}://strata_nobody:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/test`);
    try {
      for (const subject of [db, db.options, db.dialect]) expect(everythingShown(subject)).not.toMatch(/s3cr3t/);
    } finally {
      await db.close();
    }
  });

  it('is in no message of the error a refused login gives', async () => {
    if (ctx.dialect === 'sqlite') return; // no login
    // MariaDB refuses the unknown user; PostgreSQL (trust auth) refuses the unknown role.
    const db = new Strata({ ...optionsWithPassword(ctx.dialect), pool: { acquire: 5000 } });
    try {
      const error = await rejection(db.authenticate(), Error);
      expect(everythingShown(error)).not.toContain('s3cr3t');
    } finally {
      await db.close();
    }
  });
});

class Account extends Model {
  declare id: CreationOptional<number>;
  declare token: string;
  declare email: string | null;
  declare age: number | null;
}

class Grant extends Model {
  declare id: CreationOptional<number>;
  declare accountId: number;
}

class Talkative extends Model {
  declare id: CreationOptional<number>;
  declare email: string | null;
  declare age: number | null;
}

describeEachDialect('bound values in errors', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect();
    Account.init(
      {
        token: { type: DataTypes.STRING, allowNull: false, unique: true },
        email: { type: DataTypes.STRING, validate: { isEmail: true } },
        age: DataTypes.INTEGER,
      },
      { strata: db, tableName: 'accounts' },
    );
    Grant.init(
      { accountId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'accounts' } } },
      { strata: db, tableName: 'grants' },
    );
    Talkative.init(
      { email: { type: DataTypes.STRING, validate: { isEmail: true } }, age: DataTypes.INTEGER },
      { strata: db, tableName: 'talkatives', errorMessagesIncludeValues: true },
    );
    await db.sync();
    await Account.create({ token: SECRET });
  });

  it('a unique violation names the model, the attribute and the key, not the value', async () => {
    const error = await rejection(Account.create({ token: SECRET }), UniqueConstraintError);
    expect(error.message).toMatch(/^Account: token must be unique/);
    expect(error.fields).toEqual(['token']);
    expect(everythingShown(error)).not.toContain(SECRET);
    // The value stays readable where Sequelize code reads it, when the database reports it.
    expect(error.errors.map((item) => item.value)).toEqual([ctx.dialect === 'sqlite' ? null : SECRET]);
    expect(error.parameters).toContain(SECRET);
  });

  it('a foreign key violation shows no value (PostgreSQL puts it in the driver error detail)', async () => {
    const missingId = 987654321;
    const error = await rejection(Grant.create({ accountId: missingId }), ForeignKeyConstraintError);
    if (ctx.dialect === 'postgres') expect((error.cause as { detail?: string }).detail).toContain(String(missingId));
    expect(everythingShown(error)).not.toContain(String(missingId));
  });

  it('a failed statement repeats none of its values, through cause or otherwise', async () => {
    // MySQL's driver error holds the statement with the values filled in (cause.sql).
    const error = await rejection(
      db.query('SELECT * FROM no_such_table WHERE name = ?', { replacements: [SECRET] }),
      DatabaseError,
    );
    expect(error.sql).not.toContain(SECRET);
    expect(everythingShown(error)).not.toContain(SECRET);
  });

  it('a failed insert whose database message quotes the value shows it redacted', async () => {
    // MySQL: "Incorrect integer value: '<value>' for column"; PostgreSQL: 'invalid input syntax
    // for type integer: "<value>"'; SQLite (STRICT table): "cannot store TEXT value".
    await db.query(`CREATE TABLE numbers (n INTEGER)${ctx.dialect === 'sqlite' ? ' STRICT' : ''}`);
    const error = await rejection(
      db.query('INSERT INTO numbers (n) VALUES (?)', { replacements: [SECRET] }),
      DatabaseError,
    );
    expect(everythingShown(error)).not.toContain(SECRET);
    if (ctx.dialect !== 'sqlite') expect(error.message).toContain('[redacted]');
  });

  it('a validation message names the attribute and the rule, not the value', async () => {
    const error = await rejection(Account.create({ token: 'other', email: 'secret@@x' }), ValidationError);
    expect(error.message).toContain('Account.email failed isEmail');
    expect(everythingShown(error)).not.toContain('secret@@x');
    expect(error.errors[0].value).toBe('secret@@x');
  });

  it('a type error in a write or a where describes the value by its kind', async () => {
    const write = await rejection(Account.create({ token: 'typed', age: SECRET as never }), ValidationError);
    expect(write.message).toContain(`got a string of ${SECRET.length} characters`);
    expect(everythingShown(write)).not.toContain(SECRET);
    const where = await rejection(Account.findAll({ where: { age: SECRET as never } }), InvalidQueryError);
    expect(where.message).toMatch(/^Account: where\.age: .*a string of/);
    expect(everythingShown(where)).not.toContain(SECRET);
  });

  it('a model with errorMessagesIncludeValues quotes its values in messages', async () => {
    const invalid = await rejection(Talkative.create({ email: 'secret@@x' }), ValidationError);
    expect(invalid.message).toContain('Validation isEmail on email failed for the string "secret@@x"');
    const where = await rejection(Talkative.findAll({ where: { age: SECRET as never } }), InvalidQueryError);
    expect(where.message).toContain(`the string "${SECRET}"`);
  });
});

describeEachDialect('logQueryParameters: true', (ctx) => {
  it('logs the values and shows them in DatabaseErrors; without it neither does', async () => {
    for (const logQueryParameters of [true, false]) {
      const lines: string[] = [];
      const db = ctx.connect({ logQueryParameters, logging: (sql) => lines.push(sql) });
      const Badge = db.define('Badge', { code: { type: DataTypes.STRING, unique: true } }, { tableName: 'badges' });
      await Badge.sync({ force: true });
      await Badge.create({ code: SECRET });
      const error = await rejection(Badge.create({ code: SECRET }), UniqueConstraintError);
      if (logQueryParameters) {
        expect(lines.join('\n')).toContain(`-- parameters: [`);
        expect(lines.join('\n')).toContain(JSON.stringify(SECRET));
        expect(error.message).toContain(SECRET);
        expect(inspect(error, { depth: 10 })).toContain(SECRET);
        expect(JSON.stringify(error)).toContain(SECRET);
      } else {
        expect(lines.join('\n')).not.toContain(SECRET);
        expect(everythingShown(error)).not.toContain(SECRET);
      }
      await Badge.drop();
    }
  });
});
