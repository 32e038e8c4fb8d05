'use strict';
/**
 * Objection 3 on knex 3.3.0 (from the peers tier). Models are classes with relationMappings;
 * timestamps come from $beforeInsert / $beforeUpdate. W5 uses withGraphFetched (one query per
 * relation level). Objection's insert(array) works only on PostgreSQL, and its docs point to
 * knexQuery() for batch inserts elsewhere, so on SQLite W2 inserts BULK_CHUNK-row chunks through
 * User.knexQuery() inside User.transaction (timestamps set by hand, as knex does not run hooks).
 */
const { requireFrom } = require('../lib/deps');
const { defineContestant, now, readSqliteSettings, chunks, runConcurrently } = require('../lib/contestant');
const { coldSchema } = require('../lib/cold-models');
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

/** knex's configuration for Objection (knex's default pool on PostgreSQL is { min: 2, max: 10 }: W9's pool of 10). */
function knexConfig(conn) {
  return conn.dialect === 'sqlite'
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
    : { client: 'pg', connection: conn.pg };
}

/**
 * W8's 50 models and 80 associations (lib/cold-models.js) as Model classes with relationMappings.
 * Objection builds relations lazily; getRelations() builds them all, as the first query of a
 * real service touching them would, so every ORM pays for its associations.
 */
function defineColdSchema(Model) {
  const { models, associations } = coldSchema();
  const classes = {};
  const mappings = {};
  for (const model of models) {
    mappings[model.name] = {};
    const relations = mappings[model.name];
    classes[model.name] = {
      [model.name]: class extends Model {
        static get tableName() {
          return model.table;
        }
        static get relationMappings() {
          return relations;
        }
      },
    }[model.name];
  }
  for (const a of associations) {
    const source = models.find((m) => m.name === a.source);
    const target = models.find((m) => m.name === a.target);
    mappings[a.source][a.as] =
      a.kind === 'belongsTo'
        ? {
            relation: Model.BelongsToOneRelation,
            modelClass: classes[a.target],
            join: { from: `${source.table}.${a.foreignKey}`, to: `${target.table}.id` },
          }
        : {
            relation: Model.HasManyRelation,
            modelClass: classes[a.target],
            join: { from: `${source.table}.id`, to: `${target.table}.${a.foreignKey}` },
          };
  }
  return classes;
}

module.exports = defineContestant({
  name: 'objection',
  tier: 'peers',
  packages: ['objection'],
  dialects: ['sqlite', 'postgres'],

  async setup(conn) {
    const knex = requireFrom('peers', 'knex');
    const { Model } = requireFrom('peers', 'objection');
    const db = knex(knexConfig(conn));
    const models = defineModels(Model, conn.dialect);
    models.User.knex(db);
    models.Post.knex(db);
    return { db, dialect: conn.dialect, ...models };
  },
  async teardown({ db }) {
    await db.destroy();
  },
  workloadUnavailable(workload) {
    if (workload === 'W10' || workload === 'W10P') return 'Objection has no streaming API (a query resolves to every row)';
    return null;
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
    /** Called by lib/cold-start.js in a fresh process, with the connection details instead of a setup. */
    async W8(conn, { id }) {
      const knex = requireFrom('peers', 'knex');
      const { Model } = requireFrom('peers', 'objection');
      const db = knex(knexConfig(conn));
      const classes = defineColdSchema(Model);
      for (const Class of Object.values(classes)) Class.knex(db);
      const associations = Object.values(classes).reduce((n, Class) => n + Object.keys(Class.getRelations()).length, 0);
      const user = await classes.User.query().findById(id);
      return {
        user: user && user.toJSON(),
        models: Object.keys(classes).length,
        associations,
        close: () => db.destroy(),
      };
    },
    async W9({ User }, { requests, workers }) {
      let posts = 0;
      const latencies = await runConcurrently(requests, workers, (id) =>
        User.transaction(async (trx) => {
          const user = await User.query(trx).findById(id).withGraphFetched('posts');
          posts += user.posts.length;
          await User.query(trx).findById(id).patch({ name: `w9-${id}`, age: user.age + 1 });
        }),
      );
      return { latencies, posts };
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
