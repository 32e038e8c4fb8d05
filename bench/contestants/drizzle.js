'use strict';
/**
 * Drizzle ORM 0.45. Drizzle has no model instances: a select returns plain row objects, which is
 * its design, so W3/W4/W7 measure its query builder + row mapping. Tables are declared with
 * sqlite-core / pg-core (timestamps via $defaultFn / $onUpdateFn, stored as ISO text on SQLite,
 * timestamptz on PostgreSQL); W5 uses the relational query API (db.query.users.findMany with
 * `with: { posts: true }`), which builds one SQL statement with JSON aggregation.
 * Queries are written inline, not as .prepare()d statements, as in Drizzle's everyday examples.
 * On better-sqlite3 Drizzle's transactions are synchronous; on node-postgres they are async.
 */
const { requireFrom } = require('../lib/deps');
const { defineContestant, readSqliteSettings, chunks, runConcurrently } = require('../lib/contestant');
const { coldSchema } = require('../lib/cold-models');
const { BULK_CHUNK } = require('../lib/schema');

function sqliteSchema() {
  const { sqliteTable, integer, text } = requireFrom('peers', 'drizzle-orm/sqlite-core');
  const { relations } = requireFrom('peers', 'drizzle-orm');
  const nowText = () => new Date().toISOString();
  const timestamps = () => ({
    createdAt: text('createdAt').notNull().$defaultFn(nowText),
    updatedAt: text('updatedAt').notNull().$defaultFn(nowText).$onUpdateFn(nowText),
  });
  const users = sqliteTable('users', {
    id: integer('id').primaryKey(),
    email: text('email').notNull().unique(),
    name: text('name'),
    age: integer('age'),
    ...timestamps(),
  });
  const posts = sqliteTable('posts', {
    id: integer('id').primaryKey(),
    userId: integer('userId')
      .notNull()
      .references(() => users.id),
    title: text('title').notNull(),
    body: text('body'),
    published: integer('published', { mode: 'boolean' }).notNull().default(false),
    ...timestamps(),
  });
  const usersRelations = relations(users, ({ many }) => ({ posts: many(posts) }));
  const postsRelations = relations(posts, ({ one }) => ({
    user: one(users, { fields: [posts.userId], references: [users.id] }),
  }));
  return { users, posts, usersRelations, postsRelations };
}

function pgSchema() {
  const { pgTable, serial, integer, varchar, text, boolean, timestamp } = requireFrom('peers', 'drizzle-orm/pg-core');
  const { relations } = requireFrom('peers', 'drizzle-orm');
  const nowDate = () => new Date();
  const timestamps = () => ({
    createdAt: timestamp('createdAt', { withTimezone: true }).notNull().$defaultFn(nowDate),
    updatedAt: timestamp('updatedAt', { withTimezone: true }).notNull().$defaultFn(nowDate).$onUpdateFn(nowDate),
  });
  const users = pgTable('users', {
    id: serial('id').primaryKey(),
    email: varchar('email', { length: 255 }).notNull().unique(),
    name: varchar('name', { length: 255 }),
    age: integer('age'),
    ...timestamps(),
  });
  const posts = pgTable('posts', {
    id: serial('id').primaryKey(),
    userId: integer('userId')
      .notNull()
      .references(() => users.id),
    title: varchar('title', { length: 255 }).notNull(),
    body: text('body'),
    published: boolean('published').notNull().default(false),
    ...timestamps(),
  });
  const usersRelations = relations(users, ({ many }) => ({ posts: many(posts) }));
  const postsRelations = relations(posts, ({ one }) => ({
    user: one(users, { fields: [posts.userId], references: [users.id] }),
  }));
  return { users, posts, usersRelations, postsRelations };
}

/**
 * W8's 50 models and 80 associations (lib/cold-models.js) as Drizzle tables and relations():
 * each belongsTo is a one() `parent`, each hasMany a many() `children`.
 */
function coldDrizzleSchema(dialect) {
  const { relations } = requireFrom('peers', 'drizzle-orm');
  const core = requireFrom('peers', dialect === 'sqlite' ? 'drizzle-orm/sqlite-core' : 'drizzle-orm/pg-core');
  const { integer, text } = core;
  const table = dialect === 'sqlite' ? core.sqliteTable : core.pgTable;
  const id = dialect === 'sqlite' ? () => integer('id').primaryKey() : () => core.serial('id').primaryKey();
  const date =
    dialect === 'sqlite'
      ? (name) => text(name)
      : (name) => core.timestamp(name, { withTimezone: true });
  const { models, associations } = coldSchema();
  const schema = {};
  for (const model of models) {
    schema[model.name] =
      model.kind === 'user'
        ? table(model.table, {
            id: id(),
            email: text('email').notNull().unique(),
            name: text('name'),
            age: integer('age'),
            createdAt: date('createdAt').notNull(),
            updatedAt: date('updatedAt').notNull(),
          })
        : table(model.table, {
            id: id(),
            title: text('title').notNull(),
            body: text('body'),
            amount: dialect === 'sqlite' ? core.numeric('amount') : core.numeric('amount', { precision: 10, scale: 2 }),
            quantity: integer('quantity'),
            active: dialect === 'sqlite' ? integer('active', { mode: 'boolean' }).default(true) : core.boolean('active').default(true),
            startsAt: date('startsAt'),
            parentId: integer('parentId'),
          });
  }
  for (const model of models) {
    const own = associations.filter((a) => a.source === model.name);
    if (own.length === 0) continue;
    schema[`${model.name}Relations`] = relations(schema[model.name], ({ one, many }) =>
      Object.fromEntries(
        own.map((a) => [
          a.as,
          a.kind === 'belongsTo'
            ? one(schema[a.target], { fields: [schema[a.source][a.foreignKey]], references: [schema[a.target].id] })
            : many(schema[a.target]),
        ]),
      ),
    );
  }
  return schema;
}

module.exports = defineContestant({
  name: 'drizzle',
  tier: 'peers',
  packages: ['drizzle-orm'],
  dialects: ['sqlite', 'postgres'],

  async setup(conn) {
    const ops = requireFrom('peers', 'drizzle-orm');
    if (conn.dialect === 'sqlite') {
      const Database = requireFrom('peers', 'better-sqlite3');
      const { drizzle } = requireFrom('peers', 'drizzle-orm/better-sqlite3');
      const client = new Database(conn.file);
      client.pragma('journal_mode = WAL');
      client.pragma('synchronous = NORMAL');
      client.pragma('foreign_keys = ON');
      const schema = sqliteSchema();
      return { dialect: 'sqlite', client, db: drizzle({ client, schema }), schema, ops };
    }
    const { Pool } = requireFrom('peers', 'pg');
    const { drizzle } = requireFrom('peers', 'drizzle-orm/node-postgres');
    const client = new Pool(conn.pg);
    const schema = pgSchema();
    return { dialect: 'postgres', client, db: drizzle({ client, schema }), schema, ops };
  },
  async teardown({ dialect, client }) {
    if (dialect === 'sqlite') client.close();
    else await client.end();
  },
  workloadUnavailable(workload) {
    if (workload === 'W10' || workload === 'W10P') {
      return "Drizzle's iterator() exists only on its MySQL drivers, not on better-sqlite3 or node-postgres";
    }
    return null;
  },
  sqliteSettings: ({ client }) => readSqliteSettings(async (sql) => client.prepare(sql).all()),

  workloads: {
    async W1({ db, dialect, schema: { users } }, rows) {
      if (dialect === 'sqlite') {
        db.transaction((tx) => {
          for (const u of rows) tx.insert(users).values(u).run();
        });
      } else {
        await db.transaction(async (tx) => {
          for (const u of rows) await tx.insert(users).values(u);
        });
      }
    },
    async W2({ db, dialect, schema: { users } }, rows) {
      if (dialect === 'sqlite') {
        db.transaction((tx) => {
          for (const chunk of chunks(rows, BULK_CHUNK)) tx.insert(users).values(chunk).run();
        });
      } else {
        await db.transaction(async (tx) => {
          for (const chunk of chunks(rows, BULK_CHUNK)) await tx.insert(users).values(chunk);
        });
      }
    },
    async W3({ db, schema: { users } }) {
      return db.select().from(users);
    },
    async W4({ db, schema: { users }, ops: { eq } }, ids) {
      let found = 0;
      let ageSum = 0;
      let idSum = 0;
      for (const id of ids) {
        const [u] = await db.select().from(users).where(eq(users.id, id)).limit(1);
        if (u) {
          found += 1;
          ageSum += u.age;
          idSum += u.id;
        }
      }
      return { found, ageSum, idSum };
    },
    async W5({ db }) {
      return db.query.users.findMany({ with: { posts: true } });
    },
    async W6({ db, dialect, schema: { users }, ops: { eq } }, updates) {
      if (dialect === 'sqlite') {
        db.transaction((tx) => {
          for (const u of updates) tx.update(users).set({ name: u.name, age: u.age }).where(eq(users.id, u.id)).run();
        });
      } else {
        await db.transaction(async (tx) => {
          for (const u of updates) await tx.update(users).set({ name: u.name, age: u.age }).where(eq(users.id, u.id));
        });
      }
    },
    /** Called by lib/cold-start.js in a fresh process, with the connection details instead of a setup. */
    async W8(conn, { id }) {
      const { eq } = requireFrom('peers', 'drizzle-orm');
      const schema = coldDrizzleSchema(conn.dialect);
      let db;
      let close;
      if (conn.dialect === 'sqlite') {
        const Database = requireFrom('peers', 'better-sqlite3');
        const { drizzle } = requireFrom('peers', 'drizzle-orm/better-sqlite3');
        const client = new Database(conn.file);
        client.pragma('journal_mode = WAL');
        client.pragma('synchronous = NORMAL');
        client.pragma('foreign_keys = ON');
        db = drizzle({ client, schema });
        close = async () => client.close();
      } else {
        const { Pool } = requireFrom('peers', 'pg');
        const { drizzle } = requireFrom('peers', 'drizzle-orm/node-postgres');
        const client = new Pool(conn.pg);
        db = drizzle({ client, schema });
        close = () => client.end();
      }
      const [user] = await db.select().from(schema.User).where(eq(schema.User.id, id)).limit(1);
      const tables = Object.values(db._.schema);
      return {
        user,
        models: tables.length,
        associations: tables.reduce((n, t) => n + Object.keys(t.relations).length, 0),
        close,
      };
    },
    async W9({ db, schema: { users }, ops: { eq } }, { requests, workers }) {
      let posts = 0;
      const latencies = await runConcurrently(requests, workers, (id) =>
        db.transaction(async (tx) => {
          const user = await tx.query.users.findFirst({ where: eq(users.id, id), with: { posts: true } });
          posts += user.posts.length;
          await tx
            .update(users)
            .set({ name: `w9-${id}`, age: user.age + 1 })
            .where(eq(users.id, id));
        }),
      );
      return { latencies, posts };
    },
    async W7({ db, schema: { users }, ops: { and, between, like, desc } }, q) {
      let total = 0;
      let last = [];
      for (let i = 0; i < q.iterations; i += 1) {
        last = await db
          .select()
          .from(users)
          .where(and(between(users.age, q.minAge, q.maxAge), like(users.name, q.like)))
          .orderBy(desc(users.age))
          .limit(q.limit);
        total += last.length;
      }
      return { total, last };
    },
  },
});
