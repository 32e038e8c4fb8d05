import { DataTypes, Strata } from '@strata/core';

/** What each association kind answers about how it joins: plain data, read by plan/ and compile/. */
const db = new Strata({ dialect: 'sqlite', storage: ':memory:' });
const User = db.define('User', { name: DataTypes.STRING }, { tableName: 'users' });
const Profile = db.define('Profile', { bio: DataTypes.STRING }, { tableName: 'profiles' });
const Post = db.define('Post', { title: DataTypes.STRING, kind: DataTypes.STRING }, { tableName: 'posts' });
const Tag = db.define('Tag', { name: DataTypes.STRING }, { tableName: 'tags' });
const posts = User.hasMany(Post, { scope: { kind: 'blog' } });
const profile = User.hasOne(Profile);
const author = Post.belongsTo(User, { as: 'author' });
const tags = Post.belongsToMany(Tag, { through: { model: 'post_tags', scope: { active: true } } });

afterAll(() => db.close());

describe('association join shapes', () => {
  it('hasMany and hasOne: the target row holds the source key, scope included', () => {
    expect(posts.join).toEqual({
      sourceAttribute: 'id',
      targetAttribute: 'userId',
      through: undefined,
      targetScope: { kind: 'blog' },
      link: { model: Post, attribute: 'userId' },
    });
    expect(profile.join).toEqual({
      ...posts.join,
      targetScope: undefined,
      link: { model: Profile, attribute: 'userId' },
    });
  });

  it('belongsTo: the source row holds the target key', () => {
    expect(author.join).toEqual({
      sourceAttribute: 'authorId',
      targetAttribute: 'id',
      through: undefined,
      targetScope: undefined,
      link: { model: User, attribute: 'id' },
    });
  });

  it('belongsToMany: a join row pairs the two keys and holds the link', () => {
    const PostTag = db.model('post_tags');
    expect(tags.join).toEqual({
      sourceAttribute: 'id',
      targetAttribute: 'id',
      through: {
        model: PostTag,
        as: 'post_tags',
        sourceAttribute: 'postId',
        targetAttribute: 'tagId',
        scope: { active: true },
      },
      targetScope: undefined,
      link: { model: PostTag, attribute: 'postId' },
    });
  });

  it('the link attributes every association exposes come from its join', () => {
    expect([posts, profile, author, tags].map((a) => [a.sourceLinkAttribute, a.targetLinkAttribute])).toEqual([
      ['id', 'userId'],
      ['id', 'userId'],
      ['authorId', 'id'],
      ['id', 'postId'],
    ]);
  });
});
