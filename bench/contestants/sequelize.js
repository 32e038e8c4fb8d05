'use strict';
/**
 * Sequelize 6, the API Strata follows. On SQLite Sequelize only drives the `sqlite3` package
 * (asynchronous, thread-pool based); it cannot use better-sqlite3, so this contestant measures
 * Sequelize as its users run it. Sequelize opens one extra connection per transaction and has no
 * connection hook for SQLite, so `dialectModule` wraps sqlite3's Database to set
 * synchronous=NORMAL on every connection it opens (Sequelize itself turns foreign keys on).
 * Transactions are passed explicitly ({ transaction: t }), as Sequelize requires without CLS.
 */
const { requireFrom } = require('../lib/deps');
const { defineContestant, readSqliteSettings, runConcurrently } = require('../lib/contestant');
const { coldSchema } = require('../lib/cold-models');

/** sqlite3 with the bench's per-connection settings applied before Sequelize sees the connection. */
function sqlite3WithSettings() {
  const sqlite3 = requireFrom('peers', 'sqlite3');
  function Database(file, mode, callback) {
    const db = new sqlite3.Database(file, mode, (error) => {
      if (error) return callback(error);
      db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;', callback);
    });
    return db;
  }
  return Object.assign(Object.create(sqlite3), { Database });
}

/** A Sequelize connection as every workload uses it (a pool of 10 on PostgreSQL, as W9 asks of everyone). */
function connect(Sequelize, conn) {
  return conn.dialect === 'sqlite'
    ? new Sequelize({ dialect: 'sqlite', storage: conn.file, logging: false, dialectModule: sqlite3WithSettings() })
    : new Sequelize({
        dialect: 'postgres',
        host: conn.pg.host,
        port: conn.pg.port,
        database: conn.pg.database,
        username: conn.pg.user,
        logging: false,
        pool: { max: 10 },
        dialectModule: requireFrom('peers', 'pg'),
      });
}

/** W8's 50 models and 80 associations (lib/cold-models.js) with sequelize.define and the association calls. */
function defineColdSchema(sequelize, DataTypes) {
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
            parentId: DataTypes.INTEGER,
          };
    defined[model.name] = sequelize.define(model.name, attributes, { tableName: model.table });
  }
  for (const a of associations) {
    const options = { foreignKey: a.foreignKey, as: a.as };
    if (a.kind === 'belongsTo') defined[a.source].belongsTo(defined[a.target], options);
    else defined[a.source].hasMany(defined[a.target], options);
  }
  return defined;
}

module.exports = defineContestant({
  name: 'sequelize',
  tier: 'peers',
  packages: ['sequelize', 'sqlite3'],
  dialects: ['sqlite', 'postgres'],

  async setup(conn) {
    const { Sequelize, DataTypes, Op, QueryTypes } = requireFrom('peers', 'sequelize');
    const sequelize = connect(Sequelize, conn);
    const User = sequelize.define(
      'User',
      {
        email: { type: DataTypes.STRING, unique: true, allowNull: false },
        name: DataTypes.STRING,
        age: DataTypes.INTEGER,
      },
      { tableName: 'users' },
    );
    const Post = sequelize.define(
      'Post',
      {
        userId: { type: DataTypes.INTEGER, allowNull: false },
        title: { type: DataTypes.STRING, allowNull: false },
        body: DataTypes.TEXT,
        published: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      },
      { tableName: 'posts' },
    );
    User.hasMany(Post, { foreignKey: 'userId', as: 'posts' });
    Post.belongsTo(User, { foreignKey: 'userId', as: 'user' });
    await sequelize.authenticate();
    return { sequelize, Op, QueryTypes, User, Post };
  },
  async teardown({ sequelize }) {
    await sequelize.close();
  },
  workloadUnavailable(workload) {
    if (workload === 'W10' || workload === 'W10P') return 'Sequelize has no streaming API (findAll reads every row into memory)';
    return null;
  },
  sqliteSettings: ({ sequelize, QueryTypes }) =>
    readSqliteSettings((sql) => sequelize.query(sql, { type: QueryTypes.SELECT })),

  workloads: {
    async W1({ sequelize, User }, users) {
      await sequelize.transaction(async (transaction) => {
        for (const u of users) await User.create(u, { transaction });
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
    async W5({ User, Post }) {
      return User.findAll({ include: [{ model: Post, as: 'posts' }] });
    },
    async W6({ sequelize, User }, updates) {
      await sequelize.transaction(async (transaction) => {
        for (const u of updates) await User.update({ name: u.name, age: u.age }, { where: { id: u.id }, transaction });
      });
    },
    /** Called by lib/cold-start.js in a fresh process, with the connection details instead of a setup. */
    async W8(conn, { id }) {
      const { Sequelize, DataTypes } = requireFrom('peers', 'sequelize');
      const sequelize = connect(Sequelize, conn);
      const defined = defineColdSchema(sequelize, DataTypes);
      const user = await defined.User.findByPk(id);
      const registered = Object.values(defined).reduce((n, Model) => n + Object.keys(Model.associations).length, 0);
      return {
        user: user && user.get({ plain: true }),
        models: Object.keys(sequelize.models).length,
        associations: registered,
        close: () => sequelize.close(),
      };
    },
    async W9({ sequelize, User, Post }, { requests, workers }) {
      let posts = 0;
      const latencies = await runConcurrently(requests, workers, (id) =>
        sequelize.transaction(async (transaction) => {
          const user = await User.findOne({ where: { id }, include: [{ model: Post, as: 'posts' }], transaction });
          posts += user.posts.length;
          await User.update({ name: `w9-${id}`, age: user.age + 1 }, { where: { id }, transaction });
        }),
      );
      return { latencies, posts };
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
