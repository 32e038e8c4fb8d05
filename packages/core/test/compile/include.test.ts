import { DataTypes, Strata, col, compile, type FindOptions } from '@strata/core';
import { compileIncludeSelect } from '../../src/compile/include';
import { planFind } from '../../src/plan/plan-find';
import type { SelectPlan } from '../../src/plan/select-plan';
import { runtimeOf } from '../../src/runtime/model-runtime';
import { expectSql } from '../../../../test-support/expect-sql';
import { closeAll, offlineConnections } from '../../../../test-support/offline-connections';
import { ALL_DIALECTS, type TestDialect } from '../../../../test-support/servers';

/**
 * SQL of finds with includes, compiled without a database (pools connect lazily): the joins,
 * EXISTS filters and separate-load links each dialect gets. A find's first statement comes from
 * compile(Model); a separate load (sent after it, for the parents it found) from its plan.
 */
const connections = offlineConnections();

function defineModels(db: Strata) {
  const Author = db.define('Author', { name: DataTypes.STRING }, { tableName: 'authors', timestamps: false });
  const Book = db.define('Book', { title: DataTypes.STRING }, { tableName: 'books', timestamps: false });
  const Chapter = db.define('Chapter', { heading: DataTypes.STRING }, { tableName: 'chapters', timestamps: false });
  const Tag = db.define('Tag', { name: DataTypes.STRING }, { tableName: 'tags', timestamps: false });
  Author.hasMany(Book);
  Book.belongsTo(Author);
  Book.hasMany(Chapter);
  Book.belongsToMany(Tag, { through: 'book_tags' });
  return { Author, Book, Chapter, Tag };
}
type Models = ReturnType<typeof defineModels>;
const models = Object.fromEntries(
  Object.entries(connections).map(([dialect, db]) => [dialect, defineModels(db)]),
) as Record<TestDialect, Models>;

/** The SQL of a separate load, planned as the include loader plans it. */
function sqlOf(dialect: TestDialect, plan: (m: Models) => SelectPlan): { sql: string; bindings: readonly unknown[] } {
  const { host } = runtimeOf(models[dialect].Author);
  return compileIncludeSelect(
    { knex: host.knex, dialect: host.dialect, shapeCache: host.shapeCache },
    plan(models[dialect]),
  );
}

afterAll(() => closeAll(connections));

/** Here the dialects differ only in quoting and placeholders: the SQLite text says it for all three. */
function expectEveryDialect(
  compiled: (dialect: TestDialect) => { sql: string; bindings: readonly unknown[] },
  sqlite: string,
  bindings: unknown[],
): void {
  for (const dialect of ALL_DIALECTS) expectSql(dialect, compiled(dialect), { default: sqlite, bindings });
}

describe('compileIncludeSelect', () => {
  it('joins a to-one include with its where in ON, and keeps parents with a required to-many row by EXISTS', () => {
    expectEveryDialect(
      (dialect) =>
        compile(models[dialect].Book).findAll({
          where: { title: 'x' },
          limit: 5,
          include: [
            { association: 'author', where: { name: 'y' } },
            { association: 'chapters', required: true },
          ],
        }),
      'select `books`.`id`, `books`.`title`, `books`.`authorId`, `author`.`id` AS `author->id`, `author`.`name` AS `author->name` ' +
        'from `books` as `books` INNER JOIN `authors` AS `author` ON (`author`.`id` = `books`.`authorId`) AND (`author`.`name` = ?) ' +
        'where `books`.`title` = ? and EXISTS (select 1 from `chapters` as `chapters` where `chapters`.`bookId` = `books`.`id`) limit ?',
      ['y', 'x', 5],
    );
  });

  it('counts distinct parents, the to-many where inside EXISTS', () => {
    expectEveryDialect(
      (dialect) =>
        compile(models[dialect].Author).count({ include: [{ association: 'books', where: { title: 'z' } }] }),
      'select COUNT(DISTINCT `authors`.`id`) AS `count` from `authors` as `authors` ' +
        'where EXISTS (select 1 from `books` as `books` where `books`.`title` = ? and `books`.`authorId` = `authors`.`id`)',
      ['z'],
    );
  });

  it('reads a belongsToMany load through its join rows, at most `limit` per parent', () => {
    expectEveryDialect(
      (dialect) =>
        sqlOf(dialect, (m) =>
          planFind(m.Tag, { order: [['name', 'ASC']] }, [], {
            join: m.Book.associations.tags.join,
            values: [1, 2],
            through: undefined,
            limit: 3,
          }),
        ),
      'select * from (select `tags`.`id`, `tags`.`name`, `book_tags`.`bookId` AS `book_tags->bookId`, ' +
        '`book_tags`.`tagId` AS `book_tags->tagId`, `book_tags`.`createdAt` AS `book_tags->createdAt`, ' +
        '`book_tags`.`updatedAt` AS `book_tags->updatedAt`, `book_tags`.`bookId` AS `__strata_link`, ' +
        'ROW_NUMBER() OVER (PARTITION BY `book_tags`.`bookId` ORDER BY `tags`.`name` ASC) AS `__strata_rank` ' +
        'from `tags` as `tags` INNER JOIN `book_tags` AS `book_tags` ON (`book_tags`.`tagId` = `tags`.`id`) ' +
        'where `book_tags`.`bookId` IN (?, ?)) AS `strata_limited` where `__strata_rank` <= ? ' +
        'order by `__strata_link` asc, `__strata_rank` asc',
      [1, 2, 3],
    );
  });

  it("a belongsToMany load's order may name its join row; its where may not (that is through.where)", () => {
    const load = (options: FindOptions) => (m: Models) =>
      planFind(m.Tag, options, [], {
        join: m.Book.associations.tags.join,
        values: [1],
        through: undefined,
        limit: undefined,
      });
    expect(sqlOf('sqlite', load({ order: [[col('$book_tags.tagId$'), 'DESC']] })).sql).toMatch(
      /order by `book_tags`\.`tagId` DESC$/,
    );
    expect(() => sqlOf('sqlite', load({ where: { '$book_tags.tagId$': 1 } }))).toThrow(
      /\$book_tags\.tagId\$: book_tags is not an include of Tag; included: none/,
    );
  });
});
