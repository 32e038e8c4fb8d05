import { DataTypes, InvalidQueryError, Model, type CreationOptional, ModelDefinitionError, Strata } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

type Call = [call: string, run: () => unknown, key: string, suggestion: string];

/** Every public call that takes options refuses a misspelt key before sending any SQL. */
describeEachDialect('unknown options', (ctx) => {
  let db: Strata;
  let statements: string[];
  class Author extends Model {
    declare id: CreationOptional<number>;
    declare name: string;
  }
  class Book extends Model {
    declare id: CreationOptional<number>;
    declare title: string;
  }

  beforeAll(async () => {
    statements = [];
    db = ctx.connect({ logging: (sql) => statements.push(sql) });
    Author.init({ name: DataTypes.STRING }, { strata: db, tableName: 'opt_authors', timestamps: false });
    Book.init({ title: DataTypes.STRING }, { strata: db, tableName: 'opt_books', timestamps: false });
    Author.hasMany(Book, { as: 'books', foreignKey: 'authorId' });
    Book.belongsTo(Author, { as: 'author', foreignKey: 'authorId' });
    await db.sync({ force: true });
    await Author.create({ name: 'Ann' });
  });

  const qi = () => db.getQueryInterface();
  const author = () => Author.build({ id: 1, name: 'Ann' }, { isNewRecord: false });
  const opts = (key: string): never => ({ [key]: 1 }) as never;
  const extra = (key: string): object => ({ [key]: 1 });

  const calls: Call[] = [
    ['Author.findAll', () => Author.findAll(opts('wehre')), 'wehre', 'where'],
    ['Author.findEach', () => Author.findEach(opts('batchSise')).next(), 'batchSise', 'batchSize'],
    ['Author.findOne', () => Author.findOne(opts('atributes')), 'atributes', 'attributes'],
    ['Author.findByPk', () => Author.findByPk(1, opts('incldue')), 'incldue', 'include'],
    ['Author.findAndCountAll', () => Author.findAndCountAll(opts('limt')), 'limt', 'limit'],
    ['Author.count', () => Author.count(opts('distnict')), 'distnict', 'distinct'],
    ['Author.max', () => Author.max('id', opts('wher')), 'wher', 'where'],
    ['Author.min', () => Author.min('id', opts('paranoi')), 'paranoi', 'paranoid'],
    ['Author.sum', () => Author.sum('id', opts('wher')), 'wher', 'where'],
    ['Author.aggregate', () => Author.aggregate('id', 'max', opts('wher')), 'wher', 'where'],
    ['Author.findOrCreate', () => Author.findOrCreate(opts('defualts')), 'defualts', 'defaults'],
    ['Author.findOrBuild', () => Author.findOrBuild(opts('defualts')), 'defualts', 'defaults'],
    ['Author.findCreateFind', () => Author.findCreateFind(opts('defualts')), 'defualts', 'defaults'],
    ['Author.build', () => Author.build({ name: 'x' }, opts('isNewRecrod')), 'isNewRecrod', 'isNewRecord'],
    ['Author.create', () => Author.create({ name: 'x' }, opts('feilds')), 'feilds', 'fields'],
    [
      'Author.bulkCreate',
      () => Author.bulkCreate([{ name: 'x' }], opts('ignoreDuplicate')),
      'ignoreDuplicate',
      'ignoreDuplicates',
    ],
    ['Author.update', () => Author.update({ name: 'x' }, opts('individualHook')), 'individualHook', 'individualHooks'],
    ['Author.destroy', () => Author.destroy(opts('forse')), 'forse', 'force'],
    ['Author.restore', () => Author.restore(opts('wher')), 'wher', 'where'],
    ['Author.truncate', () => Author.truncate(opts('transacton')), 'transacton', 'transaction'],
    ['Author.upsert', () => Author.upsert({ name: 'x' }, opts('conflictField')), 'conflictField', 'conflictFields'],
    ['Author.increment', () => Author.increment('id', opts('bye')), 'bye', 'by'],
    ['Author.decrement', () => Author.decrement('id', opts('bye')), 'bye', 'by'],
    ['Author.sync', () => Author.sync(opts('forse')), 'forse', 'force'],
    ['Author.drop', () => Author.drop(opts('loging')), 'loging', 'logging'],
    ['Author.addScope', () => Author.addScope('x', {}, opts('overide')), 'overide', 'override'],
    ['Author.hasOne', () => Author.hasOne(Book, opts('foriegnKey')), 'foriegnKey', 'foreignKey'],
    ['Author.hasMany', () => Author.hasMany(Book, opts('sourceKye')), 'sourceKye', 'sourceKey'],
    ['Book.belongsTo', () => Book.belongsTo(Author, opts('targetKye')), 'targetKye', 'targetKey'],
    [
      'Book.belongsToMany',
      () => Book.belongsToMany(Author, { through: 'x', ...extra('otherKye') }),
      'otherKye',
      'otherKey',
    ],
    [
      'Other.init',
      () => class Other extends Model {}.init({}, { strata: db, ...extra('tableNam') }),
      'tableNam',
      'tableName',
    ],
    [
      'Author.include',
      () => Author.findAll({ include: [{ association: 'books', ...extra('requried') }] }),
      'requried',
      'required',
    ],
    ['Author.save', () => author().save(opts('silient')), 'silient', 'silent'],
    ['Author.update', () => author().update({ name: 'y' }, opts('feilds')), 'feilds', 'fields'],
    ['Author.destroy', () => author().destroy(opts('forse')), 'forse', 'force'],
    ['Author.restore', () => author().restore(opts('loging')), 'loging', 'logging'],
    ['Author.reload', () => author().reload(opts('transacton')), 'transacton', 'transaction'],
    ['Author.increment', () => author().increment('id', opts('bye')), 'bye', 'by'],
    ['Author.decrement', () => author().decrement('id', opts('bye')), 'bye', 'by'],
    ['Author.validate', () => author().validate(opts('skp')), 'skp', 'skip'],
    [
      'new Strata',
      () => new Strata({ dialect: 'sqlite', storage: ':memory:', ...extra('logign') }),
      'logign',
      'logging',
    ],
    [
      'new Strata({ define })',
      () => new Strata({ dialect: 'sqlite', define: opts('timestmps') }),
      'timestmps',
      'timestamps',
    ],
    ['Thing.define', () => db.define('Thing', {}, opts('freezeTableNam')), 'freezeTableNam', 'freezeTableName'],
    [
      'attribute Thing.name',
      () => db.define('Thing', { name: { type: DataTypes.STRING, ...extra('alowNull') } }),
      'alowNull',
      'allowNull',
    ],
    [
      'index of Thing',
      () => db.define('Thing', { name: DataTypes.STRING }, { indexes: [{ fields: ['name'], ...extra('uniqe') }] }),
      'uniqe',
      'unique',
    ],
    [
      'db.transaction',
      () => db.transaction(opts('isolationLvl'), async () => undefined),
      'isolationLvl',
      'isolationLevel',
    ],
    ['db.query', () => db.query('SELECT 1', opts('replacement')), 'replacement', 'replacements'],
    ['db.sync', () => db.sync(opts('alterr')), 'alterr', 'alter'],
    ['db.drop', () => db.drop(opts('loging')), 'loging', 'logging'],
    [
      'queryInterface.createTable',
      () => qi().createTable('opt_x', { id: DataTypes.INTEGER }, opts('commnet')),
      'commnet',
      'comment',
    ],
    ['queryInterface.dropTable', () => qi().dropTable('opt_x', opts('loging')), 'loging', 'logging'],
    ['queryInterface.renameTable', () => qi().renameTable('opt_x', 'opt_y', opts('loging')), 'loging', 'logging'],
    [
      'queryInterface.addColumn',
      () => qi().addColumn('opt_books', 'x', DataTypes.STRING, opts('transacton')),
      'transacton',
      'transaction',
    ],
    ['queryInterface.removeColumn', () => qi().removeColumn('opt_books', 'title', opts('loging')), 'loging', 'logging'],
    [
      'queryInterface.changeColumn',
      () => qi().changeColumn('opt_books', 'title', DataTypes.TEXT, opts('loging')),
      'loging',
      'logging',
    ],
    [
      'queryInterface.renameColumn',
      () => qi().renameColumn('opt_books', 'title', 't', opts('loging')),
      'loging',
      'logging',
    ],
    ['queryInterface.addIndex', () => qi().addIndex('opt_books', ['title'], opts('uniqe')), 'uniqe', 'unique'],
    ['queryInterface.removeIndex', () => qi().removeIndex('opt_books', 'x', opts('loging')), 'loging', 'logging'],
    [
      'queryInterface.addConstraint',
      () => qi().addConstraint('opt_books', { type: 'unique', fields: ['title'], ...extra('nmae') }),
      'nmae',
      'name',
    ],
    [
      'queryInterface.removeConstraint',
      () => qi().removeConstraint('opt_books', 'x', opts('loging')),
      'loging',
      'logging',
    ],
    ['queryInterface.showAllTables', () => qi().showAllTables(opts('loging')), 'loging', 'logging'],
    ['queryInterface.describeTable', () => qi().describeTable('opt_books', opts('loging')), 'loging', 'logging'],
    ['queryInterface.showIndex', () => qi().showIndex('opt_books', opts('loging')), 'loging', 'logging'],
    ['queryInterface.showForeignKeys', () => qi().showForeignKeys('opt_books', opts('loging')), 'loging', 'logging'],
    [
      'queryInterface.bulkInsert',
      () => qi().bulkInsert('opt_books', [{ title: 'x' }], opts('loging')),
      'loging',
      'logging',
    ],
    [
      'queryInterface.bulkUpdate',
      () => qi().bulkUpdate('opt_books', { title: 'x' }, null, opts('loging')),
      'loging',
      'logging',
    ],
    ['queryInterface.bulkDelete', () => qi().bulkDelete('opt_books', null, opts('loging')), 'loging', 'logging'],
  ];

  it.each(calls)(
    '%s refuses a misspelt key, names it and the closest valid key, before any SQL',
    async (call, run, key, suggestion) => {
      const sent = statements.length;
      const failure = Promise.resolve().then(run);
      await expect(failure).rejects.toThrow(`${call}: unknown option "${key}"; did you mean "${suggestion}"?`);
      expect(statements.slice(sent)).toEqual([]);
    },
  );

  it('accepts the Sequelize options Strata gives a meaning to (reload paranoid, a model index method)', async () => {
    const ann = (await Author.findOne({ where: { name: 'Ann' } }))!;
    await expect(ann.reload({ paranoid: false })).resolves.toBe(ann);
    expect(() =>
      db.define('Indexed', { code: DataTypes.STRING }, { indexes: [{ fields: ['code'], method: 'BTREE' }] }),
    ).not.toThrow();
  });

  it("raises the call kind's error class: queries InvalidQueryError, definitions ModelDefinitionError", async () => {
    await expect(Author.findAll(opts('wehre'))).rejects.toThrow(InvalidQueryError);
    expect(() => db.define('Thing', {}, opts('tableNam'))).toThrow(ModelDefinitionError);
  });

  it('lists the valid keys when nothing is close, and says so for a Sequelize option Strata does not implement', async () => {
    await expect(Author.findAll(opts('zzzzzzzz'))).rejects.toThrow(
      /Author\.findAll: unknown option "zzzzzzzz"; valid options: .*attributes.*where/,
    );
    await expect(Author.findAll(opts('subQuery'))).rejects.toThrow(
      'Author.findAll: option "subQuery" is a Sequelize option Strata does not support: Strata decides between joins and separate loads itself',
    );
    await expect(Author.truncate(opts('cascade'))).rejects.toThrow(
      'option "cascade" is a Sequelize option Strata does not support',
    );
    expect(() => new Strata({ dialect: 'sqlite', ...extra('operatorsAliases') })).toThrow(
      'new Strata: option "operatorsAliases" is a Sequelize option Strata does not support: string operators are refused on purpose',
    );
  });

  it('accepts every valid key, and keys set to undefined', async () => {
    const rows = await Author.findAll({
      where: { name: 'Ann' },
      attributes: ['id', 'name'],
      limit: 1,
      transaction: undefined,
    });
    expect(rows.map((row) => row.get('name'))).toEqual(['Ann']);
  });
});
