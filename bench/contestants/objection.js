'use strict';
/**
 * Objection 3 on knex 3.3.0 (from the peers tier). Models are classes with relationMappings;
 * timestamps come from $beforeInsert / $beforeUpdate. W5 uses withGraphFetched (one query per
 * relation level). Objection's insert(array) works only on PostgreSQL, and its docs point to
 * knexQuery() for batch inserts elsewhere, so on SQLite W2 inserts BULK_CHUNK-row chunks through
 * User.knexQuery() inside User.transaction (timestamps set by hand, as knex does not run hooks).
 */
const { requireFrom } = require('../lib/deps');
const { defineContestant, now, readSqliteSettings, chunks } = require('../lib/contestant');
const { BULK_CHUNK } = require('../lib/schema');

function defineModels(Model, dialect) {
  class User extends Model {
    static get tableName() {
      return 'users';
    }
    static get relationMappings() {
      return {
        posts: { relation: Model.HasManyRelation, modelClass: Post, join: { from: 'users.id', to: 'posts.userId' } },
      };
    }
    $beforeInsert() {
      this.createdAt = now(dialect);
      this.updatedAt = this.createdAt;
    }
    $beforeUpdate() {
      this.updatedAt = now(dialect);
    }
  }
  class Post extends Model {
    static get tableName() {
      return 'posts';
    }
    static get relationMappings() {
      return {
        user: {
          relation: Model.BelongsToOneRelation,
          modelClass: User,
          join: { from: 'posts.userId', to: 'users.id' },
        },
      };
    }
  }
  return { User, Post };
}

module.exports = defineContestant({
  name: 'objection',
  tier: 'peers',
  packages: ['objection'],
  dialects: ['sqlite', 'postgres'],

  async setup(conn) {
    const knex = requireFrom('peers', 'knex');
    const { Model } = requireFrom('peers', 'objection');
    const db = knex(
      conn.dialect === 'sqlite'
        ? {
            client: 'better-sqlite3',
            connection: { filename: conn.file },
            useNullAsDefault: true,
            pool: {
              afterCreate(raw, done) {
                raw.pragma('journal_mode = WAL');
                raw.pragma('synchronous = NORMAL');
                raw.pragma('foreign_keys = ON');
                done(null, raw);
              },
            },
          }
        : { client: 'pg', connection: conn.pg },
    );
    const models = defineModels(Model, conn.dialect);
    models.User.knex(db);
    models.Post.knex(db);
    return { db, dialect: conn.dialect, ...models };
  },
  async teardown({ db }) {
    await db.destroy();
  },
  sqliteSettings: ({ db }) => readSqliteSettings((sql) => db.raw(sql)),

  workloads: {
    async W1({ User }, users) {
      await User.transaction(async (trx) => {
        for (const u of users) await User.query(trx).insert(u);
      });
    },
    async W2({ User, dialect }, users) {
      await User.transaction(async (trx) => {
        for (const chunk of chunks(users, BULK_CHUNK)) {
          if (dialect === 'postgres') {
            await User.query(trx).insert(chunk);
          } else {
            const t = now(dialect);
            await User.knexQuery()
              .transacting(trx)
              .insert(chunk.map((u) => ({ ...u, createdAt: t, updatedAt: t })));
          }
        }
      });
    },
    async W3({ User }) {
      return User.query();
    },
    async W4({ User }, ids) {
      let found = 0;
      let ageSum = 0;
      let idSum = 0;
      for (const id of ids) {
        const u = await User.query().findById(id);
        if (u) {
          found += 1;
          ageSum += u.age;
          idSum += u.id;
        }
      }
      return { found, ageSum, idSum };
    },
    async W5({ User }) {
      return User.query().withGraphFetched('posts');
    },
    async W6({ User }, updates) {
      await User.transaction(async (trx) => {
        for (const u of updates) await User.query(trx).findById(u.id).patch({ name: u.name, age: u.age });
      });
    },
    async W7({ User }, q) {
      let total = 0;
      let last = [];
      for (let i = 0; i < q.iterations; i += 1) {
        last = await User.query()
          .whereBetween('age', [q.minAge, q.maxAge])
          .where('name', 'like', q.like)
          .orderBy('age', 'desc')
          .limit(q.limit);
        total += last.length;
      }
      return { total, last };
    },
  },
});
