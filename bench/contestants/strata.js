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
const { STRATA_CORE_DIST } = require('../lib/deps');
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
      };
}

/** W8's 50 models and 80 associations (lib/cold-models.js) through db.define and the association calls. */
function defineColdSchema(db, DataTypes) {
  const { models, associations } = coldSchema();
  const defined = {};
  for (const model of models) {
    const attributes =
      model.kind === 'user'
        ? { email: { type: DataTypes.STRING, unique: true, allowNull: false }, name: DataTypes.STRING, age: DataTypes.INTEGER }
        : {
            title: { type: DataTypes.STRING, allowNull: false },
            body: DataTypes.TEXT,
            amount: DataTypes.DECIMAL(10, 2),
            quantity: DataTypes.INTEGER,
            active: { type: DataTypes.BOOLEAN, defaultValue: true },
            startsAt: DataTypes.DATE,
          };
    defined[model.name] = db.define(model.name, attributes, { tableName: model.table });
  }
  for (const a of associations) {
    defined[a.source][a.kind](defined[a.target], { foreignKey: a.foreignKey, as: a.as });
  }
  return { defined, models: models.length, associations: associations.length };
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
      const { Strata, DataTypes } = loadStrata();
      const db = new Strata(connectionOptions(conn));
      const { defined, models, associations } = defineColdSchema(db, DataTypes);
      const user = await defined.User.findByPk(id);
      return { user: user && user.get({ plain: true }), models, associations, close: () => db.close() };
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
