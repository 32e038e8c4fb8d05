'use strict';
/**
 * Strata, consumed from the workspace build (packages/core/dist), written against the public
 * API in shared DESIGN.md: db.define, hasMany, create/bulkCreate/findAll/findByPk/update, Op,
 * and db.transaction(async () => ...) whose queries bind to the transaction by themselves
 * (no { transaction } option is passed anywhere below: that is the point).
 *
 * When the build is missing the contestant reports "not built" instead of running.
 */
const fs = require('node:fs');
const path = require('node:path');
const { STRATA_CORE_DIST, STRATA_ANNOTATIONS_DIST } = require('../lib/deps');
const { defineContestant, readSqliteSettings, runConcurrently, streamSummary } = require('../lib/contestant');
const { coldSchema } = require('../lib/cold-models');

function loadStrata() {
  return require(STRATA_CORE_DIST);
}

/** The connection options for a bench connection (pool of 10 on PostgreSQL, as W9 asks of everyone). */
function connectionOptions(conn) {
  return conn.dialect === 'sqlite'
    ? { dialect: 'sqlite', storage: conn.file, logging: false }
    : {
        dialect: 'postgres',
        host: conn.pg.host,
        port: conn.pg.port,
        database: conn.pg.database,
        username: conn.pg.user,
        logging: false,
        pool: { max: 10 },
        // STRATA_BENCH_PG_PREPARED=1 measures named prepared statements (off by default in Strata).
        ...(process.env.STRATA_BENCH_PG_PREPARED === '1' ? { dialectOptions: { preparedStatements: true } } : {}),
      };
}

/**
 * W8's 50 models and 80 associations (lib/cold-models.js) as decorated classes, Strata's own
 * way to declare models. Plain JavaScript has no decorator syntax, so each decorator is applied
 * the way TypeScript's compiled output applies it (`Column(type)(prototype, name)`,
 * `Table(options)(Class)`); column types are given, as there is no emitted design:type.
 */
function decoratedColdSchema(core, annotations) {
  const { Model, DataTypes } = core;
  const { Table, Column, ForeignKey, BelongsTo, HasMany } = annotations;
  const { models, associations } = coldSchema();
  const classes = {};
  for (const model of models) {
    const Class = { [model.name]: class extends Model {} }[model.name];
    const proto = Class.prototype;
    if (model.kind === 'user') {
      Column({ type: DataTypes.STRING, unique: true, allowNull: false })(proto, 'email');
      Column(DataTypes.STRING)(proto, 'name');
      Column(DataTypes.INTEGER)(proto, 'age');
    } else {
      Column({ type: DataTypes.STRING, allowNull: false })(proto, 'title');
      Column(DataTypes.TEXT)(proto, 'body');
      Column(DataTypes.DECIMAL(10, 2))(proto, 'amount');
      Column(DataTypes.INTEGER)(proto, 'quantity');
      Column({ type: DataTypes.BOOLEAN, defaultValue: true })(proto, 'active');
      Column(DataTypes.DATE)(proto, 'startsAt');
    }
    classes[model.name] = Class;
  }
  for (const a of associations) {
    const source = classes[a.source].prototype;
    const target = classes[a.target];
    if (a.kind === 'belongsTo') {
      ForeignKey(() => target)(source, a.foreignKey);
      Column(DataTypes.INTEGER)(source, a.foreignKey);
      BelongsTo(() => target, a.foreignKey)(source, a.as);
    } else {
      HasMany(() => target, a.foreignKey)(source, a.as);
    }
  }
  for (const model of models) Table({ tableName: model.table })(classes[model.name]);
  return { classes, models: models.length, associations: associations.length };
}

function defineModels(db, DataTypes) {
  const User = db.define(
    'User',
    {
      email: { type: DataTypes.STRING, unique: true, allowNull: false },
      name: DataTypes.STRING,
      age: DataTypes.INTEGER,
    },
    { tableName: 'users' },
  );
  const Post = db.define(
    'Post',
    {
      userId: { type: DataTypes.INTEGER, allowNull: false },
      title: { type: DataTypes.STRING, allowNull: false },
      body: DataTypes.TEXT,
      published: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    },
    { tableName: 'posts' },
  );
  // Only W5 needs the association: if defining it fails (core still in progress), W5 reports
  // the error and the other workloads still run.
  let associationError = null;
  try {
    User.hasMany(Post, { foreignKey: 'userId', as: 'posts' });
  } catch (error) {
    associationError = error;
  }
  return { User, Post, associationError };
}

module.exports = defineContestant({
  name: 'strata',
  tier: 'core',
  packages: [],
  dialects: ['sqlite', 'postgres'],

  unavailable() {
    if (!fs.existsSync(path.join(STRATA_CORE_DIST, 'index.js'))) {
      return 'not built (packages/core/dist/index.js is missing; run `pnpm -w run build`)';
    }
    return null;
  },

  async setup(conn) {
    const { Strata, DataTypes, Op, QueryTypes } = loadStrata();
    const db = new Strata(connectionOptions(conn));
    const models = defineModels(db, DataTypes);
    return { db, Op, QueryTypes, ...models };
  },
  async teardown({ db }) {
    await db.close();
  },
  sqliteSettings: ({ db, QueryTypes }) => readSqliteSettings((sql) => db.query(sql, { type: QueryTypes.SELECT })),

  workloads: {
    async W1({ db, User }, users) {
      await db.transaction(async () => {
        for (const u of users) await User.create(u);
      });
    },
    async W2({ User }, users) {
      await User.bulkCreate(users);
    },
    async W3({ User }) {
      return User.findAll();
    },
    async W4({ User }, ids) {
      let found = 0;
      let ageSum = 0;
      let idSum = 0;
      for (const id of ids) {
        const u = await User.findByPk(id);
        if (u) {
          found += 1;
          ageSum += u.age;
          idSum += u.id;
        }
      }
      return { found, ageSum, idSum };
    },
    async W5({ User, associationError }) {
      if (associationError)
        throw new Error(`User.hasMany(Post, { as: 'posts' }) failed in setup: ${associationError.message}`);
      return User.findAll({ include: ['posts'] });
    },
    async W6({ db, User }, updates) {
      await db.transaction(async () => {
        for (const u of updates) await User.update({ name: u.name, age: u.age }, { where: { id: u.id } });
      });
    },
    /** Called by lib/cold-start.js in a fresh process, with the connection details instead of a setup. */
    async W8(conn, { id }) {
      const core = loadStrata();
      const annotations = require(STRATA_ANNOTATIONS_DIST);
      const { classes } = decoratedColdSchema(core, annotations);
      const db = new core.Strata({ ...connectionOptions(conn), models: Object.values(classes) });
      const user = await classes.User.findByPk(id);
      // What the connection registered, not what this file meant to declare.
      const registered = Object.values(classes).reduce((n, Class) => n + Object.keys(Class.associations).length, 0);
      return {
        user: user && user.get({ plain: true }),
        models: Object.keys(db.models).length,
        associations: registered,
        close: () => db.close(),
      };
    },
    async W9({ db, User }, { requests, workers }) {
      let posts = 0;
      const latencies = await runConcurrently(requests, workers, (id) =>
        db.transaction(async () => {
          const user = await User.findOne({ where: { id }, include: ['posts'] });
          posts += user.posts.length;
          await User.update({ name: `w9-${id}`, age: user.age + 1 }, { where: { id } });
        }),
      );
      return { latencies, posts };
    },
    async W10({ User }, { meter }) {
      const { summary, add } = streamSummary(meter);
      for await (const user of User.findEach({ order: [['id', 'ASC']], batchSize: 1000 })) add(user);
      return summary;
    },
    async W10P({ User }, { meter }) {
      const { summary, add } = streamSummary(meter);
      const options = { include: ['posts'], order: [['id', 'ASC']], batchSize: 1000 };
      for await (const user of User.findEach(options)) add(user, user.posts);
      return summary;
    },
    async W7({ User, Op }, q) {
      let total = 0;
      let last = [];
      for (let i = 0; i < q.iterations; i += 1) {
        last = await User.findAll({
          where: { age: { [Op.between]: [q.minAge, q.maxAge] }, name: { [Op.like]: q.like } },
          order: [['age', 'DESC']],
          limit: q.limit,
        });
        total += last.length;
      }
      return { total, last };
    },
  },
});
