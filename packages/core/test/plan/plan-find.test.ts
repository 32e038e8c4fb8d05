import { DataTypes, Op, Strata, col } from '@strata/core';
import { normalizeIncludes } from '../../src/normalize/include';
import { planCount, planExists, planFind } from '../../src/plan/plan-find';
import type { LinkPlan, PlanNode } from '../../src/plan/select-plan';

/** The plan is plain data: what is joined, what is loaded separately, with which order and keys. */
const db = new Strata({ dialect: 'sqlite', storage: ':memory:' });
const Author = db.define('Author', { name: DataTypes.STRING }, { tableName: 'authors' });
const Profile = db.define('Profile', { bio: DataTypes.STRING }, { tableName: 'profiles' });
const Book = db.define('Book', { title: DataTypes.STRING }, { tableName: 'books' });
const Chapter = db.define('Chapter', { heading: DataTypes.STRING }, { tableName: 'chapters' });
const Tag = db.define('Tag', { name: DataTypes.STRING }, { tableName: 'tags' });
Author.hasOne(Profile);
Author.hasMany(Book);
Book.belongsTo(Author);
Book.hasMany(Chapter);
Book.belongsToMany(Tag, { through: 'book_tags' });

afterAll(() => db.close());

/** A node's joins as `[alias, inner]`, depth first, and its separate loads by alias. */
function shape(node: PlanNode): unknown {
  return {
    joins: node.joins.map((child) => [child.alias, child.inner, shape(child)]),
    separate: node.separate.map((load) => load.include.as),
  };
}

describe('planFind', () => {
  it('joins to-one includes (INNER only under inner parents) and loads to-many ones separately', () => {
    const include = normalizeIncludes(Book, [
      { association: 'author', required: false, include: [{ model: Profile, required: true }, 'books'] },
      'chapters',
    ]);
    const plan = planFind(Book, {}, include);
    expect(shape(plan.root)).toEqual({
      joins: [
        ['author', false, { joins: [['author->profile', false, { joins: [], separate: [] }]], separate: ['books'] }],
      ],
      separate: ['chapters'],
    });
    const required = normalizeIncludes(Book, [
      { association: 'author', include: [{ model: Profile, required: true }] },
    ]);
    expect(shape(planFind(Book, {}, required).root)).toEqual({
      joins: [['author', true, { joins: [['author->profile', true, { joins: [], separate: [] }]], separate: [] }]],
      separate: [],
    });
    expect(plan.root.alias).toBe('books');
    expect(plan.rowIsRoot).toBe(false);
    // A joined include's columns always carry its primary key and the key it joins on.
    expect(plan.root.joins[0].columns.map(([, attribute]) => attribute)).toEqual([
      'id',
      'name',
      'createdAt',
      'updatedAt',
    ]);
  });

  it('moves the order that names a to-many include to its load, and leaves the normalized include as it was', () => {
    const include = normalizeIncludes(Author, [{ model: Book, order: [['title', 'DESC']] }, 'profile']);
    const plan = planFind(
      Author,
      {
        order: [
          ['name', 'ASC'],
          [Book, 'id', 'ASC'],
          ['profile', 'bio', 'DESC'],
        ],
      },
      include,
    );
    expect(plan.order).toEqual([
      ['name', 'ASC'],
      [col('$profile.bio$'), 'DESC'],
    ]);
    expect(plan.root.separate[0].order).toEqual([
      ['id', 'ASC'],
      ['title', 'DESC'],
    ]);
    expect(include[0].order).toEqual([['title', 'DESC']]);
  });

  it('adds the keys the loads link by to a list of attributes, and keeps them out of exclude', () => {
    const include = normalizeIncludes(Author, ['books']);
    expect(planFind(Author, { attributes: ['name'] }, include).attributes).toEqual(['name', 'id']);
    expect(planFind(Author, { attributes: { exclude: ['id', 'name'] } }, include).attributes).toEqual({
      exclude: ['name'],
    });
    const link: LinkPlan = { join: Author.associations.books.join, values: [1], through: undefined, limit: undefined };
    const load = planFind(Book, { attributes: ['title'] }, [], link);
    expect(load.attributes).toEqual(['title', 'id', 'authorId']);
    expect(load.linkAttribute).toBe('authorId');
    expect(load.rowIsRoot).toBe(true);
    expect(planFind(Book, {}, [], { ...link, limit: 2 }).rowIsRoot).toBe(false);
  });

  it("a belongsToMany load joins the join row, whose columns land under the join model's name", () => {
    const join = Book.associations.tags.join;
    const load = planFind(Tag, {}, [], { join, values: [1, 2], through: { attributes: ['tagId'] }, limit: undefined });
    expect(load.root.joins).toEqual([
      expect.objectContaining({ alias: 'book_tags', as: 'book_tags', inner: true, include: undefined }),
    ]);
    expect(load.root.joins[0].columns).toEqual([['book_tags->tagId', 'tagId']]);
    expect(load.linkAttribute).toBeUndefined();
    expect(load.rowIsRoot).toBe(false);
  });
});

describe('planCount and planExists', () => {
  it('a count joins without selecting columns', () => {
    const plan = planCount(Book, { where: { title: 'x' } }, normalizeIncludes(Book, ['author', 'chapters']));
    expect(plan).toMatchObject({ select: 'count', where: { title: 'x' }, order: [], limit: undefined });
    expect(plan.root.joins[0].columns).toEqual([]);
  });

  it("an EXISTS subquery has the include's where and the condition, and only its required children", () => {
    const [books] = normalizeIncludes(Author, [
      { model: Book, where: { title: 'a' }, include: [{ model: Chapter, required: true }, 'author'] },
    ]);
    const plain = planExists(books, 'books');
    expect(plain).toMatchObject({ select: 'exists', where: { title: 'a' }, paranoid: true });
    expect(shape(plain.root)).toEqual({ joins: [], separate: ['chapters'] });
    expect(plain.root.separate[0].alias).toBe('books->chapters');
    const conditioned = planExists(books, 'authors->books', { '$author.name$': 'x' });
    expect(conditioned.where).toEqual({ [Op.and]: [{ title: 'a' }, { '$author.name$': 'x' }] });
    expect(shape(conditioned.root)).toEqual({
      joins: [['authors->books->author', false, { joins: [], separate: [] }]],
      separate: ['chapters'],
    });
  });
});
