import { ConnectionError, Strata } from '@strata/core';
import { parseConnectionUrl } from '../../src/connection/options';

describe('connection URLs', () => {
  it('reads sqlite URLs', () => {
    expect(parseConnectionUrl('sqlite::memory:')).toEqual({ dialect: 'sqlite', storage: ':memory:' });
    expect(parseConnectionUrl('sqlite:data/app.db')).toEqual({ dialect: 'sqlite', storage: 'data/app.db' });
  });

  it('reads server URLs with credentials', () => {
    expect(parseConnectionUrl('postgres://u:p%40ss@db.local:6543/app')).toEqual({
      dialect: 'postgres',
      host: 'db.local',
      port: 6543,
      database: 'app',
      username: 'u',
      password: 'p@ss',
    });
    expect(parseConnectionUrl('mariadb://root@localhost/test').dialect).toBe('mysql');
  });

  it('rejects unknown schemes without echoing the password', () => {
    expect(() => parseConnectionUrl('oracle://u:secret@h/db')).toThrow(/u:\*\*\*@/);
  });

  it('never exposes the password on the connection', async () => {
    const db = new Strata({ dialect: 'sqlite', storage: ':memory:', password: 'hunter2' });
    expect(JSON.stringify(db.options)).not.toContain('hunter2');
    await db.close();
  });
});

describe('a connection without a usable dialect', () => {
  it('explains what to give when new Strata() gets nothing (as from JavaScript)', () => {
    const construct = Strata as unknown as new () => Strata;
    expect(() => new construct()).toThrow(ConnectionError);
    expect(() => new construct()).toThrow(/give a dialect .* or a connection URL/);
  });

  it('names an unknown dialect and the known ones as a ConnectionError', () => {
    const make = () => new Strata({ dialect: 'oracle' as 'sqlite' });
    expect(make).toThrow(ConnectionError);
    expect(make).toThrow(`unknown dialect "oracle"; use 'sqlite', 'postgres', 'mysql' or 'mariadb'`);
  });
});
