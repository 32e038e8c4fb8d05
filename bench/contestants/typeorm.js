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
const { defineContestant, readSqliteSettings, chunks } = require('../lib/contestant');
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

module.exports = defineContestant({
  name: 'typeorm',
  tier: 'peers',
  packages: ['typeorm'],
  dialects: ['sqlite', 'postgres'],

  async setup(conn) {
    const typeorm = requireFrom('peers', 'typeorm');
    const entities = schemas(typeorm.EntitySchema, conn.dialect);
    const options =
      conn.dialect === 'sqlite'
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
          };
    const ds = new typeorm.DataSource(options);
    await ds.initialize();
    return { ds, typeorm, users: ds.getRepository(User) };
  },
  async teardown({ ds }) {
    await ds.destroy();
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
