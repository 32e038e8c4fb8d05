'use strict';
/**
 * TypeORM 0.3 (0.3.31; 1.x also supports Node 20.19+, but the brief pins the 0.3 line).
 * Entities are EntitySchemas with target classes (plain JS, no decorators), so reads hydrate
 * class instances as with decorated entities. SQLite runs on TypeORM's better-sqlite3 driver;
 * `prepareDatabase` applies the bench settings (TypeORM turns foreign keys on itself).
 * W1 is repository.save(repository.create(...)) per row; W2 is repository.insert() in chunks of
 * BULK_CHUNK rows inside one transaction (insert() does not chunk by itself, and SQLite caps the
 * number of bound variables); W6 is manager.update(User, { id }, values) per row.
 */
const { requireFrom } = require('../lib/deps');
const { defineContestant, readSqliteSettings, chunks, runConcurrently } = require('../lib/contestant');
const { coldSchema } = require('../lib/cold-models');
const { BULK_CHUNK } = require('../lib/schema');

class User {}
class Post {}

function schemas(EntitySchema, dialect) {
  const dateType = dialect === 'sqlite' ? 'datetime' : 'timestamptz';
  const timestamps = {
    createdAt: { type: dateType, createDate: true },
    updatedAt: { type: dateType, updateDate: true },
  };
  const UserSchema = new EntitySchema({
    name: 'User',
    target: User,
    tableName: 'users',
    columns: {
      id: { type: 'integer', primary: true, generated: 'increment' },
      email: { type: 'varchar', unique: true },
      name: { type: 'varchar', nullable: true },
      age: { type: 'integer', nullable: true },
      ...timestamps,
    },
    relations: {
      posts: { type: 'one-to-many', target: 'Post', inverseSide: 'user' },
    },
  });
  const PostSchema = new EntitySchema({
    name: 'Post',
    target: Post,
    tableName: 'posts',
    columns: {
      id: { type: 'integer', primary: true, generated: 'increment' },
      userId: { type: 'integer' },
      title: { type: 'varchar' },
      body: { type: 'text', nullable: true },
      published: { type: 'boolean', default: false },
      ...timestamps,
    },
    relations: {
      user: { type: 'many-to-one', target: 'User', joinColumn: { name: 'userId' }, inverseSide: 'posts' },
    },
  });
  return [UserSchema, PostSchema];
}

/**
 * W8's 50 models and 80 associations (lib/cold-models.js) as EntitySchemas: every belongsTo is a
 * many-to-one `parent`, every hasMany the one-to-many `children` on its inverse side.
 */
function coldSchemas(EntitySchema, dialect) {
  const dateType = dialect === 'sqlite' ? 'datetime' : 'timestamptz';
  const { models, associations } = coldSchema();
  const definitions = {};
  for (const model of models) {
    const columns =
      model.kind === 'user'
        ? {
            id: { type: 'integer', primary: true, generated: 'increment' },
            email: { type: 'varchar', unique: true },
            name: { type: 'varchar', nullable: true },
            age: { type: 'integer', nullable: true },
            createdAt: { type: dateType, createDate: true },
            updatedAt: { type: dateType, updateDate: true },
          }
        : {
            id: { type: 'integer', primary: true, generated: 'increment' },
            title: { type: 'varchar' },
            body: { type: 'text', nullable: true },
            amount: { type: 'decimal', precision: 10, scale: 2, nullable: true },
            quantity: { type: 'integer', nullable: true },
            active: { type: 'boolean', default: true },
            startsAt: { type: dateType, nullable: true },
            parentId: { type: 'integer', nullable: true },
          };
    const target = { [model.name]: class {} }[model.name];
    definitions[model.name] = { name: model.name, target, tableName: model.table, columns, relations: {} };
  }
  const hasMany = new Set(associations.filter((a) => a.kind === 'hasMany').map((a) => a.target));
  for (const a of associations) {
    definitions[a.source].relations[a.as] =
      a.kind === 'belongsTo'
        ? {
            type: 'many-to-one',
            target: a.target,
            joinColumn: { name: a.foreignKey },
            ...(hasMany.has(a.source) ? { inverseSide: 'children' } : {}),
          }
        : { type: 'one-to-many', target: a.target, inverseSide: 'parent' };
  }
  return Object.values(definitions).map((definition) => new EntitySchema(definition));
}

/** The DataSource options (pg's default pool of 10 on PostgreSQL, as W9 asks of everyone). */
function dataSourceOptions(conn, entities) {
  return conn.dialect === 'sqlite'
    ? {
        type: 'better-sqlite3',
        database: conn.file,
        entities,
        synchronize: false,
        logging: false,
        prepareDatabase(db) {
          db.pragma('journal_mode = WAL');
          db.pragma('synchronous = NORMAL');
        },
      }
    : {
        type: 'postgres',
        host: conn.pg.host,
        port: conn.pg.port,
        username: conn.pg.user,
        database: conn.pg.database,
        entities,
        synchronize: false,
        logging: false,
        poolSize: 10,
      };
}

module.exports = defineContestant({
  name: 'typeorm',
  tier: 'peers',
  packages: ['typeorm'],
  dialects: ['sqlite', 'postgres'],

  async setup(conn) {
    const typeorm = requireFrom('peers', 'typeorm');
    const entities = schemas(typeorm.EntitySchema, conn.dialect);
    const ds = new typeorm.DataSource(dataSourceOptions(conn, entities));
    await ds.initialize();
    return { ds, typeorm, users: ds.getRepository(User) };
  },
  async teardown({ ds }) {
    await ds.destroy();
  },
  workloadUnavailable(workload, dialect) {
    if (workload === 'W10' || workload === 'W10P') {
      return dialect === 'sqlite'
        ? 'TypeORM\'s SQLite drivers have no stream (QueryRunner.stream throws "Stream is not supported by sqlite driver")'
        : "TypeORM's stream() yields raw rows, not entities, and on PostgreSQL needs the pg-query-stream package, which the bench does not install";
    }
    return null;
  },
  sqliteSettings: ({ ds }) => readSqliteSettings((sql) => ds.query(sql)),

  workloads: {
    async W1({ ds }, users) {
      await ds.transaction(async (manager) => {
        const repo = manager.getRepository(User);
        for (const u of users) await repo.save(repo.create(u));
      });
    },
    async W2({ ds }, users) {
      await ds.transaction(async (manager) => {
        const repo = manager.getRepository(User);
        for (const chunk of chunks(users, BULK_CHUNK)) await repo.insert(chunk);
      });
    },
    async W3({ users }) {
      return users.find();
    },
    async W4({ users }, ids) {
      let found = 0;
      let ageSum = 0;
      let idSum = 0;
      for (const id of ids) {
        const u = await users.findOneBy({ id });
        if (u) {
          found += 1;
          ageSum += u.age;
          idSum += u.id;
        }
      }
      return { found, ageSum, idSum };
    },
    async W5({ users }) {
      return users.find({ relations: { posts: true } });
    },
    async W6({ ds }, updates) {
      await ds.transaction(async (manager) => {
        for (const u of updates) await manager.update(User, { id: u.id }, { name: u.name, age: u.age });
      });
    },
    /** Called by lib/cold-start.js in a fresh process, with the connection details instead of a setup. */
    async W8(conn, { id }) {
      const typeorm = requireFrom('peers', 'typeorm');
      const ds = new typeorm.DataSource(dataSourceOptions(conn, coldSchemas(typeorm.EntitySchema, conn.dialect)));
      await ds.initialize();
      const user = await ds.getRepository('User').findOneBy({ id });
      return {
        user,
        models: ds.entityMetadatas.length,
        associations: ds.entityMetadatas.reduce((n, metadata) => n + metadata.relations.length, 0),
        close: () => ds.destroy(),
      };
    },
    async W9({ ds }, { requests, workers }) {
      let posts = 0;
      const latencies = await runConcurrently(requests, workers, (id) =>
        ds.transaction(async (manager) => {
          const user = await manager.findOne(User, { where: { id }, relations: { posts: true } });
          posts += user.posts.length;
          await manager.update(User, { id }, { name: `w9-${id}`, age: user.age + 1 });
        }),
      );
      return { latencies, posts };
    },
    async W7({ users, typeorm }, q) {
      const { Between, Like } = typeorm;
      let total = 0;
      let last = [];
      for (let i = 0; i < q.iterations; i += 1) {
        last = await users.find({
          where: { age: Between(q.minAge, q.maxAge), name: Like(q.like) },
          order: { age: 'DESC' },
          take: q.limit,
        });
        total += last.length;
      }
      return { total, last };
    },
  },
});
