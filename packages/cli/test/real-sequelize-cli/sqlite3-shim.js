'use strict';
// Test-only: the part of the `sqlite3` package's API that Sequelize 6 calls, over the
// workspace's better-sqlite3. sqlite3 has no reachable prebuilt binary here and compiling it
// takes minutes, while better-sqlite3 is already built; the SQL Sequelize sends is unchanged.
const { join } = require('node:path');
const { setImmediate } = require('node:timers');

const BetterSqlite3 = require(
  require.resolve('better-sqlite3', { paths: [join(__dirname, '..', '..', '..', 'core')] }),
);

const OPEN_READONLY = 1;
const OPEN_READWRITE = 2;
const OPEN_CREATE = 4;

/** sqlite3 binds `$1` / `:name` keys with their prefix; better-sqlite3 wants the bare name. */
function parameters(values) {
  const convert = (value) => (typeof value === 'boolean' ? Number(value) : value === undefined ? null : value);
  if (Array.isArray(values)) return [values.map(convert)];
  if (values && typeof values === 'object') {
    return [
      Object.fromEntries(Object.entries(values).map(([key, value]) => [key.replace(/^[$:@]/, ''), convert(value)])),
    ];
  }
  return [];
}

/** sqlite3's (sql, [params], [callback]) argument forms. */
function callArguments(args) {
  const callback = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : () => {};
  const values = typeof args[0] === 'function' ? undefined : args[0];
  return { values, callback };
}

class Database {
  constructor(filename, mode, callback) {
    this.filename = filename;
    let error = null;
    try {
      this.db = new BetterSqlite3(filename, { readonly: mode !== undefined && (mode & OPEN_READWRITE) === 0 });
    } catch (caught) {
      error = caught;
    }
    // sqlite3 calls back asynchronously; Sequelize stores the object before the callback reads it.
    if (typeof callback === 'function') setImmediate(() => callback(error));
  }

  serialize(work) {
    work();
  }

  run(sql, ...args) {
    const { values, callback } = callArguments(args);
    setImmediate(() => {
      try {
        const result = this.db.prepare(sql).run(...parameters(values));
        callback.call({ lastID: Number(result.lastInsertRowid), changes: result.changes }, null);
      } catch (error) {
        callback.call({}, error);
      }
    });
  }

  all(sql, ...args) {
    const { values, callback } = callArguments(args);
    setImmediate(() => {
      try {
        const statement = this.db.prepare(sql);
        if (statement.reader) {
          callback.call({ lastID: 0, changes: 0 }, null, statement.all(...parameters(values)));
        } else {
          const result = statement.run(...parameters(values));
          callback.call({ lastID: Number(result.lastInsertRowid), changes: result.changes }, null, []);
        }
      } catch (error) {
        callback.call({}, error);
      }
    });
  }

  exec(sql, callback = () => {}) {
    setImmediate(() => {
      try {
        this.db.exec(sql);
        callback(null);
      } catch (error) {
        callback(error);
      }
    });
  }

  close(callback = () => {}) {
    setImmediate(() => {
      try {
        this.db.close();
        callback(null);
      } catch (error) {
        callback(error);
      }
    });
  }
}

module.exports = { Database, OPEN_READONLY, OPEN_READWRITE, OPEN_CREATE, verbose: () => module.exports };
