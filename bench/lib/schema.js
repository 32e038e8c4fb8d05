'use strict';
/**
 * The one schema every contestant runs against. It is created with raw DDL by the harness
 * (never by an ORM's sync), so every contestant sees identical tables and indexes; each ORM
 * only maps its models onto them.
 *
 *   users(id, email unique, name, age, createdAt, updatedAt)
 *   posts(id, userId -> users.id, title, body, published, createdAt, updatedAt), index on posts.userId
 *
 * Column names are camelCase (Sequelize's and Strata's default), so identifiers are quoted.
 * The timestamps default to the current time, as the DDL that TypeORM and Sequelize generate
 * does: TypeORM's create/update-date columns rely on that default on PostgreSQL. Every other
 * contestant writes them itself.
 */
const DDL = {
  sqlite: [
    `CREATE TABLE users (
      id INTEGER PRIMARY KEY,
      email VARCHAR(255) NOT NULL UNIQUE,
      name VARCHAR(255),
      age INTEGER,
      "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
      "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
    )`,
    `CREATE TABLE posts (
      id INTEGER PRIMARY KEY,
      "userId" INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      title VARCHAR(255) NOT NULL,
      body TEXT,
      published BOOLEAN NOT NULL DEFAULT 0,
      "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
      "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
    )`,
    `CREATE INDEX posts_user_id ON posts("userId")`,
  ],
  postgres: [
    `CREATE TABLE users (
      id SERIAL PRIMARY KEY,
      email VARCHAR(255) NOT NULL UNIQUE,
      name VARCHAR(255),
      age INTEGER,
      "createdAt" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "updatedAt" TIMESTAMPTZ NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE posts (
      id SERIAL PRIMARY KEY,
      "userId" INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      title VARCHAR(255) NOT NULL,
      body TEXT,
      published BOOLEAN NOT NULL DEFAULT FALSE,
      "createdAt" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "updatedAt" TIMESTAMPTZ NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX posts_user_id ON posts("userId")`,
  ],
};

/** The SQLite settings every contestant must run with (checked through its own connection). */
const SQLITE_SETTINGS = { journal_mode: 'wal', synchronous: 1 /* NORMAL */, foreign_keys: 1 };

/**
 * Rows per statement where an ORM's bulk API leaves chunking to the caller: SQLite allows 32766
 * bound variables and knex writes multi-row inserts as a compound SELECT (at most 500 terms).
 * Everyone who has to chunk uses the same size.
 */
const BULK_CHUNK = 500;

module.exports = { DDL, SQLITE_SETTINGS, BULK_CHUNK };
