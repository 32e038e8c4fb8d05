'use strict';
/**
 * MikroORM 6 (6.6.16). MikroORM 7 needs Node >= 22.17, so the 6.x line is the one that runs on
 * Node 20. SQLite uses @mikro-orm/better-sqlite (its better-sqlite3 pinned to the bench's 12.11.1
 * through a pnpm override: one native build, the version that works on Node 20); the bench
 * settings are applied in the knex pool's afterCreate. Entities are EntitySchemas with classes;
 * EntityCaseNamingStrategy maps them to the shared camelCase columns. (On SQLite MikroORM writes
 * Date properties as epoch milliseconds; it reads the seeded text timestamps fine.)
 *
 * MikroORM is a unit-of-work ORM with an identity map, so the idiomatic forms differ:
 *   W1  em.create() + em.flush() + em.clear() per row inside em.transactional: one INSERT per
 *       flush, one unit of work per create. Without the clear() every flush re-checks every
 *       entity created so far: 5,000 creates then took 56 s here (quadratic), which measures
 *       misuse of the identity map rather than MikroORM.
 *   W2  em.insertMany() in BULK_CHUNK-row chunks inside em.transactional (native bulk insert;
 *       timestamps passed explicitly because native inserts skip onCreate)
 *   W4  a fresh em.fork() per findOne, as per request: otherwise the identity map would answer
 *       repeated ids without a query
 *   W6  em.nativeUpdate() per row inside em.transactional (updatedAt passed explicitly)
 *   W3/W5/W7 em.find on a fork (W5 with populate: ['posts'], MikroORM's default joined strategy)
 */
const { requireFrom } = require('../lib/deps');
const { defineContestant, readSqliteSettings, chunks, runConcurrently } = require('../lib/contestant');
const { coldSchema } = require('../lib/cold-models');
const { BULK_CHUNK } = require('../lib/schema');

class User {}
class Post {}

function schemas(EntitySchema) {
  const timestamps = {
    createdAt: { type: 'Date', onCreate: () => new Date() },
    updatedAt: { type: 'Date', onCreate: () => new Date(), onUpdate: () => new Date() },
  };
  const UserSchema = new EntitySchema({
    class: User,
    tableName: 'users',
    properties: {
      id: { type: 'number', primary: true },
      email: { type: 'string', unique: true },
      name: { type: 'string', nullable: true },
      age: { type: 'number', nullable: true },
      ...timestamps,
      posts: { kind: '1:m', entity: () => Post, mappedBy: 'user' },
    },
  });
  const PostSchema = new EntitySchema({
    class: Post,
    tableName: 'posts',
    properties: {
      id: { type: 'number', primary: true },
      user: { kind: 'm:1', entity: () => User, fieldName: 'userId' },
      title: { type: 'string' },
      body: { type: 'text', nullable: true },
      published: { type: 'boolean', default: false },
      ...timestamps,
    },
  });
  return [UserSchema, PostSchema];
}

/**
 * W8's 50 models and 80 associations (lib/cold-models.js) as EntitySchemas: each belongsTo an
 * m:1 `parent`, each hasMany the 1:m `children` mapped by it.
 */
function coldSchemas(EntitySchema) {
  const { models, associations } = coldSchema();
  const classes = {};
  const properties = {};
  for (const model of models) {
    classes[model.name] = { [model.name]: class {} }[model.name];
    properties[model.name] =
      model.kind === 'user'
        ? {
            id: { type: 'number', primary: true },
            email: { type: 'string', unique: true },
            name: { type: 'string', nullable: true },
            age: { type: 'number', nullable: true },
            createdAt: { type: 'Date', onCreate: () => new Date() },
            updatedAt: { type: 'Date', onCreate: () => new Date(), onUpdate: () => new Date() },
          }
        : {
            id: { type: 'number', primary: true },
            title: { type: 'string' },
            body: { type: 'text', nullable: true },
            amount: { type: 'decimal', precision: 10, scale: 2, nullable: true },
            quantity: { type: 'number', nullable: true },
            active: { type: 'boolean', default: true },
            startsAt: { type: 'Date', nullable: true },
          };
  }
  for (const a of associations) {
    const target = classes[a.target];
    properties[a.source][a.as] =
      a.kind === 'belongsTo'
        ? { kind: 'm:1', entity: () => target, fieldName: a.foreignKey, nullable: true }
        : { kind: '1:m', entity: () => target, mappedBy: 'parent' };
  }
  const schemas = models.map(
    (model) => new EntitySchema({ class: classes[model.name], tableName: model.table, properties: properties[model.name] }),
  );
  return { classes, schemas };
}

/** MikroORM's options for the shared database (knex's pool of 10 on PostgreSQL, as W9 asks of everyone). */
async function init(conn, entities) {
  const { EntityCaseNamingStrategy } = requireFrom('peers', '@mikro-orm/core');
  const common = {
    entities,
    namingStrategy: EntityCaseNamingStrategy, // camelCase columns, as in the shared schema
    debug: false,
    allowGlobalContext: false,
    discovery: { warnWhenNoEntities: false },
  };
  if (conn.dialect === 'sqlite') {
    const { MikroORM } = requireFrom('peers', '@mikro-orm/better-sqlite');
    return MikroORM.init({
      ...common,
      dbName: conn.file,
      pool: {
        min: 1,
        max: 1,
        afterCreate(db, done) {
          db.pragma('journal_mode = WAL');
          db.pragma('synchronous = NORMAL');
          db.pragma('foreign_keys = ON');
          done(null, db);
        },
      },
    });
  }
  const { MikroORM } = requireFrom('peers', '@mikro-orm/postgresql');
  return MikroORM.init({
    ...common,
    dbName: conn.pg.database,
    host: conn.pg.host,
    port: conn.pg.port,
    user: conn.pg.user,
    pool: { min: 2, max: 10 },
  });
}

module.exports = defineContestant({
  name: 'mikro-orm',
  tier: 'peers',
  packages: ['@mikro-orm/core'],
  dialects: ['sqlite', 'postgres'],

  async setup(conn) {
    const { EntitySchema } = requireFrom('peers', '@mikro-orm/core');
    const orm = await init(conn, schemas(EntitySchema));
    return { orm };
  },
  async teardown({ orm }) {
    await orm.close(true);
  },
  workloadUnavailable(workload) {
    if (workload === 'W10' || workload === 'W10P') {
      return 'MikroORM 6 has no streaming API (em.stream() arrived in MikroORM 7, which needs Node >= 22.17)';
    }
    return null;
  },
  sqliteSettings: ({ orm }) => readSqliteSettings((sql) => orm.em.fork().getConnection().execute(sql)),
  postsOf: (user) => user.posts.getItems().map((p) => ({ userId: p.user.id, title: p.title })),

  workloads: {
    async W1({ orm }, users) {
      await orm.em.fork().transactional(async (em) => {
        for (const u of users) {
          em.create(User, u);
          await em.flush();
          em.clear(); // one unit of work per create, as in one request per create (see header)
        }
      });
    },
    async W2({ orm }, users) {
      await orm.em.fork().transactional(async (em) => {
        for (const chunk of chunks(users, BULK_CHUNK)) {
          const t = new Date();
          await em.insertMany(
            User,
            chunk.map((u) => ({ ...u, createdAt: t, updatedAt: t })),
          );
        }
      });
    },
    async W3({ orm }) {
      return orm.em.fork().find(User, {});
    },
    async W4({ orm }, ids) {
      let found = 0;
      let ageSum = 0;
      let idSum = 0;
      for (const id of ids) {
        const u = await orm.em.fork().findOne(User, id);
        if (u) {
          found += 1;
          ageSum += u.age;
          idSum += u.id;
        }
      }
      return { found, ageSum, idSum };
    },
    async W5({ orm }) {
      return orm.em.fork().find(User, {}, { populate: ['posts'] });
    },
    async W6({ orm }, updates) {
      await orm.em.fork().transactional(async (em) => {
        for (const u of updates)
          await em.nativeUpdate(User, { id: u.id }, { name: u.name, age: u.age, updatedAt: new Date() });
      });
    },
    /** Called by lib/cold-start.js in a fresh process, with the connection details instead of a setup. */
    async W8(conn, { id }) {
      const { EntitySchema } = requireFrom('peers', '@mikro-orm/core');
      const { classes, schemas: entities } = coldSchemas(EntitySchema);
      const orm = await init(conn, entities);
      const user = await orm.em.fork().findOne(classes.User, id);
      const metadata = Object.values(orm.getMetadata().getAll()).filter((meta) => classes[meta.className]);
      return {
        user: user && { ...user },
        models: metadata.length,
        associations: metadata.reduce((n, meta) => n + meta.relations.length, 0),
        close: () => orm.close(true),
      };
    },
    async W9({ orm }, { requests, workers }) {
      let posts = 0;
      const latencies = await runConcurrently(requests, workers, (id) =>
        orm.em.fork().transactional(async (em) => {
          const user = await em.findOne(User, id, { populate: ['posts'] });
          posts += user.posts.getItems().length;
          await em.nativeUpdate(User, { id }, { name: `w9-${id}`, age: user.age + 1, updatedAt: new Date() });
        }),
      );
      return { latencies, posts };
    },
    async W7({ orm }, q) {
      let total = 0;
      let last = [];
      for (let i = 0; i < q.iterations; i += 1) {
        last = await orm.em
          .fork()
          .find(
            User,
            { age: { $gte: q.minAge, $lte: q.maxAge }, name: { $like: q.like } },
            { orderBy: { age: 'desc' }, limit: q.limit },
          );
        total += last.length;
      }
      return { total, last };
    },
  },
});
