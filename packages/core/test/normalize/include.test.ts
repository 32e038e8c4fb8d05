import { DataTypes, EagerLoadingError, InvalidQueryError, Strata, col, fn } from '@strata/core';
import { normalizeIncludes } from '../../src/normalize/include';

/** Includes are resolved against the model before anything is planned or sent: no database here. */
const db = new Strata({ dialect: 'sqlite', storage: ':memory:' });
const User = db.define('User', { name: DataTypes.STRING }, { tableName: 'users' });
const Post = db.define(
  'Post',
  { title: DataTypes.STRING, heading: DataTypes.VIRTUAL(DataTypes.STRING, ['title']) },
  { tableName: 'posts' },
);
const Comment = db.define('Comment', { body: DataTypes.STRING }, { tableName: 'comments' });
const Tag = db.define('Tag', { name: DataTypes.STRING }, { tableName: 'tags' });
User.hasMany(Post);
Post.belongsTo(User, { as: 'author' });
Post.belongsTo(User, { as: 'editor' });
Post.hasMany(Comment);
Post.belongsToMany(Tag, { through: 'post_tags' });

afterAll(() => db.close());

describe('normalizeIncludes', () => {
  it('resolves aliases, models, associations and option objects, nested, with defaults filled in', () => {
    const [posts] = normalizeIncludes(User, [{ model: Post, include: ['comments', Post.associations.tags] }]);
    expect(posts).toMatchObject({ as: 'posts', target: Post, required: false, paranoid: true, order: [] });
    expect(posts.include.map((item) => [item.as, item.target])).toEqual([
      ['comments', Comment],
      ['tags', Tag],
    ]);
  });

  it('makes an include required when it has a where or a required child, unless it says otherwise', () => {
    const [withWhere, withChild, optional] = normalizeIncludes(Post, [
      { association: 'comments', where: { body: 'x' } },
      { association: 'author', include: [{ model: Post, required: true }] },
      { association: 'tags', through: { where: { tagId: 1 } }, required: false },
    ]);
    expect([withWhere.required, withChild.required, optional.required]).toEqual([true, true, false]);
  });

  it('takes { all: true } as every association, and an expression order as a one-item list', () => {
    const all = normalizeIncludes(Post, { all: true });
    expect(all.map((item) => item.as)).toEqual(['author', 'editor', 'comments', 'tags']);
    const ordered = fn('LOWER', col('body'));
    expect(normalizeIncludes(Post, [{ association: 'comments', order: ordered }])[0].order).toEqual([ordered]);
  });

  it('an unknown alias or model is an EagerLoadingError naming the model and the valid associations', () => {
    expect(() => normalizeIncludes(User, ['comments'])).toThrow(
      /comments is not associated to User; valid associations of User: posts/,
    );
    expect(() => normalizeIncludes(User, [Tag])).toThrow(/Tag is not associated to User/);
    expect(() => normalizeIncludes(User, [Post.associations.comments])).toThrow(
      /The association comments belongs to Post, not User; valid associations of User: posts/,
    );
    expect(() => normalizeIncludes(Post, [User])).toThrow(
      /User is associated to Post several times \(author, editor\); say which with `as`/,
    );
    expect(() => normalizeIncludes(Post, ['tags', 'tags'])).toThrow(/Post: tags is included twice/);
    expect(() => normalizeIncludes(Post, [42])).toThrow(EagerLoadingError);
  });

  it('an unknown attribute is an InvalidQueryError naming the model and its attributes, before any row is read', () => {
    expect(() => normalizeIncludes(User, [{ model: Post, attributes: ['nope'] }])).toThrow(
      /Post: "nope" is not an attribute of Post; valid attributes: id, title/,
    );
    expect(() => normalizeIncludes(User, [{ model: Post, attributes: { exclude: ['nope'] } }])).toThrow(
      InvalidQueryError,
    );
    expect(() => normalizeIncludes(Post, [{ model: Tag, through: { attributes: ['nope'] } }])).toThrow(
      /post_tags: "nope" is not an attribute of post_tags; valid attributes: postId, tagId/,
    );
    // Expressions and VIRTUAL names are the SELECT's to check (a separate load expands a VIRTUAL).
    expect(() =>
      normalizeIncludes(User, [{ model: Post, attributes: ['heading', [fn('LOWER', col('title')), 't']] }]),
    ).not.toThrow();
  });

  it('limit needs a to-many include', () => {
    expect(() => normalizeIncludes(Post, [{ association: 'author', limit: 1 }])).toThrow(
      /Post: limit on the include author needs a to-many association/,
    );
  });

  it('a count with an unknown include attribute fails before sending a statement', async () => {
    const statements: string[] = [];
    await expect(
      User.count({ include: [{ model: Post, attributes: ['nope'] }], logging: (sql) => statements.push(sql) }),
    ).rejects.toThrow(/"nope" is not an attribute of Post/);
    expect(statements).toEqual([]);
  });
});
