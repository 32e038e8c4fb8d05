import {
  Sequelize,
  DataTypes,
  Model,
  Op,
  QueryTypes,
  Transaction,
  Deferrable,
  InvalidQueryError,
  ConnectionError,
  parseSequelizeArguments,
  type CreationOptional,
  type ForeignKey,
  type InferAttributes,
  type InferCreationAttributes,
} from '@strata/core/sequelize';
import { Strata, type StrataOptions } from '@strata/core';
import { describeEachDialect, type DialectContext } from '../../../../test-support/dialects';

// A model written as the Sequelize v6 docs write it, with only the import line changed.
class Author extends Model<InferAttributes<Author>, InferCreationAttributes<Author>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare views: CreationOptional<number>;
}

class Book extends Model<InferAttributes<Book>, InferCreationAttributes<Book>> {
  declare id: CreationOptional<number>;
  declare title: string;
  declare AuthorId: ForeignKey<number>;
  declare Author?: Author;
}

/** `new Sequelize(database, username, password, options)` for this suite's database. */
function fourArgumentConnection(ctx: DialectContext, extra: object = {}): Sequelize {
  if (ctx.dialect === 'sqlite') {
    return new Sequelize('ignored', 'nobody', null, { dialect: 'sqlite', storage: ':memory:', ...extra });
  }
  const url = new URL(ctx.url);
  return new Sequelize(url.pathname.slice(1), decodeURIComponent(url.username), url.password || null, {
    dialect: ctx.dialect,
    host: url.hostname,
    port: Number(url.port),
    ...extra,
  });
}

describeEachDialect('@strata/core/sequelize: new Sequelize(...)', (ctx) => {
  // A nested block: its afterAll closes these connections before the suite drops its database.
  describe('connections', () => suite(ctx));
});

function suite(ctx: DialectContext): void {
  const opened: Strata[] = [];
  const track = <T extends Strata>(connection: T): T => {
    opened.push(connection);
    return connection;
  };
  afterAll(async () => {
    await Promise.all(opened.map((connection) => connection.close()));
  });

  it('connects with the four-argument form (database, username, password, options)', async () => {
    const sequelize = track(fourArgumentConnection(ctx));
    await sequelize.authenticate();
    expect(sequelize).toBeInstanceOf(Strata);
    const rows = await sequelize.query('SELECT 1 AS one', { type: QueryTypes.SELECT });
    expect(rows).toEqual([{ one: 1 }]);
    if (ctx.dialect !== 'sqlite') expect(sequelize.getDatabaseName()).toBe(new URL(ctx.url).pathname.slice(1));
  });

  it('connects with the URL form and the options form', async () => {
    const byUrl = track(
      ctx.dialect === 'sqlite' ? new Sequelize('sqlite::memory:', {}) : new Sequelize(ctx.url, { logging: false }),
    );
    await byUrl.authenticate();
    const options: StrataOptions =
      ctx.dialect === 'sqlite'
        ? { dialect: 'sqlite', storage: ':memory:' }
        : (() => {
            const url = new URL(ctx.url);
            return {
              dialect: ctx.dialect,
              host: url.hostname,
              port: Number(url.port),
              database: url.pathname.slice(1),
              username: decodeURIComponent(url.username),
            };
          })();
    const byOptions = track(new Sequelize(options));
    await byOptions.validate();
    expect(byOptions.getDialect()).toBe(ctx.dialect);
  });

  describe('with Sequelize models', () => {
    let sequelize: Sequelize;

    beforeAll(async () => {
      sequelize = track(fourArgumentConnection(ctx));
      Author.init(
        {
          id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
          name: { type: DataTypes.STRING, allowNull: false },
          views: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        },
        { sequelize, modelName: 'Author' },
      );
      Book.init({ title: { type: DataTypes.STRING, allowNull: false } }, { sequelize, modelName: 'Book' });
      Author.hasMany(Book);
      Book.belongsTo(Author);
      await sequelize.sync({ force: true });
    });

    beforeEach(async () => {
      await Book.destroy({ all: true });
      await Author.destroy({ all: true });
    });

    it('Model.init takes { sequelize } and Model.sequelize is that connection', () => {
      expect(Author.sequelize).toBe(sequelize);
      expect(sequelize.models.Author).toBe(Author);
    });

    it('names foreign keys and aliases as Sequelize does: Book.AuthorId, book.Author, author.Books', async () => {
      expect(Object.keys(Book.getAttributes())).toContain('AuthorId');
      const columns = await sequelize.getQueryInterface().describeTable(Book.getTableName());
      expect(Object.keys(columns)).toContain('AuthorId');
      const author = await Author.create({ name: 'Le Guin' });
      await Book.create({ title: 'The Dispossessed', AuthorId: author.id });
      const book = await Book.findOne({ where: { title: 'The Dispossessed' }, include: [Author] });
      expect((book as unknown as { Author: Author }).Author.name).toBe('Le Guin');
      const withBooks = await Author.findByPk(author.id, { include: ['Books'] });
      expect((withBooks as unknown as { Books: Book[] }).Books.map((b) => b.title)).toEqual(['The Dispossessed']);
    });

    it('builds expressions with sequelize.fn/col/literal/where/cast and the statics', async () => {
      await Author.bulkCreate([{ name: 'Ann' }, { name: 'bob' }]);
      const lowered = await Author.findAll({
        where: sequelize.where(sequelize.fn('lower', sequelize.col('name')), 'ann'),
      });
      expect(lowered.map((a) => a.name)).toEqual(['Ann']);
      const statics = await Author.findAll({
        where: Sequelize.where(Sequelize.fn('upper', Sequelize.col('name')), 'BOB'),
      });
      expect(statics.map((a) => a.name)).toEqual(['bob']);
      const cast = await Author.findAll({
        where: sequelize.where(sequelize.cast(sequelize.col('views'), 'CHAR(5)'), '0'),
        order: [['name', 'ASC']],
      });
      expect(cast.map((a) => a.name)).toEqual(['Ann', 'bob']);
      const either = await Author.findAll({ where: sequelize.or({ name: 'Ann' }, { name: 'bob' }) });
      expect(either).toHaveLength(2);
      const counted = await Author.findAll({
        attributes: [[sequelize.fn('COUNT', sequelize.col('id')), 'n']],
        raw: true,
      });
      expect(Number((counted[0] as unknown as { n: number }).n)).toBe(2);
      expect(() => sequelize.cast(1, 'INT); DROP TABLE x')).toThrow(InvalidQueryError);
    });

    it('keeps the write guards on: a bulk update or destroy without a where is refused', async () => {
      await Author.create({ name: 'Kept' });
      await expect(Author.update({ name: 'x' }, {} as never)).rejects.toThrow(/where/);
      await expect(Author.destroy({} as never)).rejects.toThrow(/where/);
      expect(await Author.count()).toBe(1);
      await expect(Author.findAll({ where: { name: { $like: 'K%' } } as never })).rejects.toThrow(InvalidQueryError);
    });

    it('has Sequelize statics on the class: Op, DataTypes, Transaction, QueryTypes, Deferrable, STRING', () => {
      expect(Sequelize.Op).toBe(Op);
      expect(Sequelize.DataTypes).toBe(DataTypes);
      expect(Sequelize.Transaction).toBe(Transaction);
      expect(Sequelize.QueryTypes).toBe(QueryTypes);
      expect(Sequelize.Deferrable).toBe(Deferrable);
      expect(Sequelize.STRING).toBe(DataTypes.STRING);
      expect(String(Sequelize.INTEGER.UNSIGNED)).toBe('INTEGER UNSIGNED');
    });
  });

  it('runs connection hooks given in the hooks option', async () => {
    const seen: string[] = [];
    const sequelize = track(
      fourArgumentConnection(ctx, {
        hooks: { beforeCreate: (instance: Model) => seen.push(instance.get('name') as string) },
      }),
    );
    class Hooked extends Model {
      declare id: CreationOptional<number>;
      declare name: string;
    }
    Hooked.init({ name: DataTypes.STRING }, { sequelize, tableName: 'hooked' });
    await Hooked.sync({ force: true });
    await Hooked.create({ name: 'first' });
    expect(seen).toEqual(['first']);
    await Hooked.drop();
  });

  it("names errors as Sequelize does, also those raised before any SQL (err.name === 'SequelizeValidationError')", async () => {
    const sequelize = track(fourArgumentConnection(ctx));
    class Named extends Model {
      declare id: CreationOptional<number>;
      declare email: string;
    }
    Named.init(
      { email: { type: DataTypes.STRING, unique: true, validate: { isEmail: true } } },
      { sequelize, tableName: 'named_errors' },
    );
    await Named.sync({ force: true });
    const nameOf = (work: Promise<unknown>) =>
      work.then(
        () => 'resolved',
        (error: Error) => error.name,
      );
    expect(await nameOf(Named.create({ email: 'not-an-email' }))).toBe('SequelizeValidationError');
    const saved = await Named.create({ email: 'a@example.com' });
    expect(await nameOf(Named.create({ email: 'a@example.com' }))).toBe('SequelizeUniqueConstraintError');
    saved.email = 'still-not-an-email';
    expect(await nameOf(saved.save())).toBe('SequelizeValidationError');
    expect(await nameOf(saved.validate())).toBe('SequelizeValidationError');
    await Named.drop();
  });

  it('queries a JSON path with sequelize.json(path, value) and reads it with sequelize.json(path)', async () => {
    const sequelize = track(fourArgumentConnection(ctx));
    class Profile extends Model {
      declare id: CreationOptional<number>;
      declare meta: { theme: string };
    }
    Profile.init({ meta: DataTypes.JSON }, { sequelize, tableName: 'json_profiles' });
    await Profile.sync({ force: true });
    await Profile.bulkCreate([{ meta: { theme: 'dark' } }, { meta: { theme: 'light' } }]);
    const dark = await Profile.findAll({ where: sequelize.json('meta.theme', 'dark') });
    expect(dark.map((profile) => profile.meta.theme)).toEqual(['dark']);
    const themes = await Profile.findAll({
      attributes: [[Sequelize.json('meta.theme'), 'theme']],
      order: [['id', 'ASC']],
      raw: true,
    });
    expect(themes).toEqual([{ theme: 'dark' }, { theme: 'light' }]);
    await Profile.drop();
  });

  it("orders by the dialect's random function with sequelize.random()", async () => {
    const sequelize = track(fourArgumentConnection(ctx));
    class Shuffled extends Model {
      declare id: CreationOptional<number>;
      declare label: string;
    }
    Shuffled.init({ label: DataTypes.STRING }, { sequelize, tableName: 'shuffled_rows', timestamps: false });
    await Shuffled.sync({ force: true });
    await Shuffled.bulkCreate([{ label: 'a' }, { label: 'b' }, { label: 'c' }]);
    const rows = await Shuffled.findAll({ order: sequelize.random() });
    expect(rows.map((row) => row.label).sort()).toEqual(['a', 'b', 'c']);
    await Shuffled.drop();
  });

  it('refuses options that would change results, with the reason', () => {
    expect(() => new Sequelize({ dialect: 'sqlite', storage: ':memory:', operatorsAliases: { $gt: Op.gt } })).toThrow(
      /operatorsAliases option is not supported: string operators are refused/,
    );
    expect(() => new Sequelize({ dialect: 'sqlite', storage: ':memory:', omitNull: true })).toThrow(ConnectionError);
    const empty = track(new Sequelize({ dialect: 'sqlite', storage: ':memory:', operatorsAliases: {} }));
    expect(empty.getDialect()).toBe('sqlite');
  });
}

describe("require('@strata/core/sequelize')", () => {
  it('is the Sequelize class carrying every export, as require("sequelize") is', () => {
    const required = require('@strata/core/sequelize') as typeof Sequelize & Record<string, unknown>;
    expect(required).toBe(Sequelize);
    expect(required.Sequelize).toBe(Sequelize);
    expect(required.default).toBe(Sequelize);
    expect(required.DataTypes).toBe(DataTypes);
    expect(required.Model).toBe(Model);
    expect(required.ConnectionError).toBe(ConnectionError);
    expect(required.parseSequelizeArguments).toBe(parseSequelizeArguments);
    const sequelize = new required({ dialect: 'sqlite', storage: ':memory:' });
    expect(sequelize).toBeInstanceOf(Strata);
    return sequelize.close();
  });
});

describe('parseSequelizeArguments', () => {
  it('tells the constructor forms apart as Sequelize does', () => {
    expect(parseSequelizeArguments(['postgres://u@h/db'])).toEqual({ url: 'postgres://u@h/db', options: {} });
    expect(parseSequelizeArguments(['postgres://u@h/db', { pool: { max: 2 } }])).toEqual({
      url: 'postgres://u@h/db',
      options: { pool: { max: 2 } },
    });
    expect(parseSequelizeArguments(['app', 'root', 'secret', { dialect: 'mysql' }])).toEqual({
      options: { dialect: 'mysql', database: 'app', username: 'root', password: 'secret' },
    });
    expect(parseSequelizeArguments(['app', 'root', { dialect: 'mysql' }])).toEqual({
      options: { dialect: 'mysql', database: 'app', username: 'root' },
    });
    expect(parseSequelizeArguments([{ dialect: 'sqlite' }])).toEqual({ options: { dialect: 'sqlite' } });
  });
});
