import { DataTypes, EagerLoadingError, Model, Op, Strata, col, fn, type CreationOptional } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class User extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
  declare managerId: number | null;
  declare posts?: Post[];
  declare profile?: Profile | null;
  declare manager?: User | null;
}
class Profile extends Model {
  declare id: CreationOptional<number>;
  declare bio: string;
  declare userId: number | null;
}
class Post extends Model {
  declare id: CreationOptional<number>;
  declare title: string;
  declare userId: number | null;
  declare user?: User | null;
  declare comments?: Comment[];
  declare tags?: Tag[];
}
class Comment extends Model {
  declare id: CreationOptional<number>;
  declare body: string;
  declare postId: number | null;
}
class Tag extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
}
class PostTag extends Model {
  declare postId: number;
  declare tagId: number;
  declare role: string | null;
}

describeEachDialect('eager loading', (ctx) => {
  let db: Strata;
  const statements: string[] = [];
  const log = (sql: string): void => {
    statements.push(sql);
  };

  beforeAll(async () => {
    db = ctx.connect();
    User.init({ name: DataTypes.STRING }, { strata: db, tableName: 'users' });
    Profile.init({ bio: DataTypes.STRING }, { strata: db, tableName: 'profiles' });
    Post.init({ title: DataTypes.STRING }, { strata: db, tableName: 'posts', paranoid: true });
    Comment.init({ body: DataTypes.STRING }, { strata: db, tableName: 'comments' });
    Tag.init({ name: DataTypes.STRING }, { strata: db, tableName: 'tags' });
    PostTag.init({ role: DataTypes.STRING }, { strata: db, tableName: 'post_tags', timestamps: false });
    User.hasMany(Post);
    Post.belongsTo(User);
    User.hasOne(Profile);
    User.belongsTo(User, { as: 'manager' });
    Post.hasMany(Comment);
    Post.belongsToMany(Tag, { through: PostTag });
    Tag.belongsToMany(Post, { through: PostTag });
    await db.sync({ force: true });

    const [ann, bob, cid] = await User.bulkCreate([{ name: 'Ann' }, { name: 'Bob' }, { name: 'Cid' }] as never);
    await bob.update({ managerId: ann.id });
    await cid.update({ managerId: ann.id });
    await Profile.create({ bio: 'ann bio', userId: ann.id } as never);
    const p1 = await Post.create({ title: 'a1', userId: ann.id } as never);
    const p2 = await Post.create({ title: 'a2', userId: ann.id } as never);
    const p3 = await Post.create({ title: 'b1', userId: bob.id } as never);
    const gone = await Post.create({ title: 'deleted', userId: bob.id } as never);
    await gone.destroy();
    await Comment.bulkCreate([
      { body: 'c1', postId: p1.id },
      { body: 'c2', postId: p1.id },
      { body: 'c3', postId: p3.id },
    ] as never);
    const [red, blue] = await Tag.bulkCreate([{ name: 'red' }, { name: 'blue' }] as never);
    await PostTag.bulkCreate([
      { postId: p1.id, tagId: red.id, role: 'main' },
      { postId: p1.id, tagId: blue.id, role: 'side' },
      { postId: p2.id, tagId: blue.id, role: 'main' },
    ] as never);
    void p2;
  });

  it('loads hasMany by alias with one extra IN query, soft-deleted rows hidden', async () => {
    statements.length = 0;
    const users = await User.findAll({ include: ['posts'], order: [['name', 'ASC']], logging: log });
    expect(statements).toHaveLength(2);
    expect(users.map((u) => [u.name, (u.posts ?? []).map((p) => p.title).sort()])).toEqual([
      ['Ann', ['a1', 'a2']],
      ['Bob', ['b1']],
      ['Cid', []],
    ]);
  });

  it('keeps the keys separate loads link by, whatever attributes says', async () => {
    const users = await User.findAll({
      attributes: { exclude: ['id'] },
      where: { name: 'Ann' },
      include: [{ model: Post, attributes: ['title'] }],
    });
    expect(users[0].posts!.map((p) => p.title).sort()).toEqual(['a1', 'a2']);
    const listed = await User.findAll({ attributes: ['name'], where: { name: 'Ann' }, include: ['posts'] });
    expect(listed[0].posts).toHaveLength(2);
  });

  it('joins to-one includes (belongsTo, hasOne, self) in the same query', async () => {
    statements.length = 0;
    const users = await User.findAll({
      include: [{ model: Profile }, { association: 'manager', attributes: ['name'] }],
      order: [['name', 'ASC']],
      logging: log,
    });
    expect(statements).toHaveLength(1);
    expect(users.map((u) => [u.name, u.profile?.bio ?? null, u.manager?.name ?? null])).toEqual([
      ['Ann', 'ann bio', null],
      ['Bob', null, 'Ann'],
      ['Cid', null, 'Ann'],
    ]);
  });

  it('nests includes to any depth and keeps belongsToMany join rows', async () => {
    const users = await User.findAll({
      where: { name: 'Ann' },
      include: [{ model: Post, include: [Comment, { model: Tag, through: { attributes: ['role'] } }, 'user'] }],
    });
    const posts = users[0].posts!.sort((a, b) => a.title.localeCompare(b.title));
    expect(posts.map((p) => p.comments!.map((c) => c.get('body')).sort())).toEqual([['c1', 'c2'], []]);
    expect(posts[0].tags!.map((t) => [t.name, (t.get('PostTag') as PostTag).role]).sort()).toEqual([
      ['blue', 'side'],
      ['red', 'main'],
    ]);
    expect(posts[1].user!.name).toBe('Ann');
    expect(users[0].toJSON()).toMatchObject({ name: 'Ann', posts: expect.any(Array) });
  });

  it('a where on a to-many include makes it required (EXISTS) unless required: false', async () => {
    const required = await User.findAll({
      include: [{ model: Post, where: { title: { [Op.like]: 'b%' } } }],
    });
    expect(required.map((u) => [u.name, u.posts!.map((p) => p.title)])).toEqual([['Bob', ['b1']]]);
    const optional = await User.findAll({
      include: [{ model: Post, where: { title: 'b1' }, required: false }],
      order: [['name', 'ASC']],
    });
    expect(optional.map((u) => [u.name, u.posts!.length])).toEqual([
      ['Ann', 0],
      ['Bob', 1],
      ['Cid', 0],
    ]);
  });

  it('required on a to-one include is an INNER JOIN; a required grandchild makes its parents required', async () => {
    const withProfile = await User.findAll({ include: [{ model: Profile, required: true }] });
    expect(withProfile.map((u) => u.name)).toEqual(['Ann']);
    const commented = await User.findAll({
      include: [{ model: Post, include: [{ model: Comment, where: { body: 'c3' } }] }],
    });
    expect(
      commented.map((u) => [u.name, u.posts!.map((p) => [p.title, p.comments!.map((c) => c.get('body'))])]),
    ).toEqual([['Bob', [['b1', ['c3']]]]]);
    const managed = await User.findAll({
      include: [{ association: 'manager', include: [{ model: Profile, where: { bio: 'ann bio' } }] }],
      order: [['name', 'ASC']],
    });
    expect(managed.map((u) => [u.name, u.manager!.name, u.manager!.profile!.bio])).toEqual([
      ['Bob', 'Ann', 'ann bio'],
      ['Cid', 'Ann', 'ann bio'],
    ]);
  });

  it('required: false on a to-one parent keeps rows whose required child is missing', async () => {
    const users = await User.findAll({
      include: [{ association: 'manager', required: false, include: [{ model: Profile, where: { bio: 'none' } }] }],
      order: [['name', 'ASC']],
    });
    expect(users.map((u) => [u.name, u.manager?.profile ?? null])).toEqual([
      ['Ann', null],
      ['Bob', null],
      ['Cid', null],
    ]);
  });

  it('paranoid: false on an include returns soft-deleted rows', async () => {
    const bob = await User.findOne({ where: { name: 'Bob' }, include: [{ model: Post, paranoid: false }] });
    expect(bob!.posts!.map((p) => p.title).sort()).toEqual(['b1', 'deleted']);
  });

  it('orders by an included attribute and filters with $nested.attribute$', async () => {
    const posts = await Post.findAll({
      include: [User],
      where: { '$user.name$': { [Op.in]: ['Ann', 'Bob'] } },
      order: [
        [User, 'name', 'DESC'],
        ['title', 'ASC'],
      ],
    });
    expect(posts.map((p) => [p.user!.name, p.title])).toEqual([
      ['Bob', 'b1'],
      ['Ann', 'a1'],
      ['Ann', 'a2'],
    ]);
    const ordered = await User.findAll({
      where: { name: 'Ann' },
      include: [Post],
      order: [[Post, 'title', 'DESC']],
    });
    expect(ordered[0].posts!.map((p) => p.title)).toEqual(['a2', 'a1']);
  });

  it('limit with separate: at most n rows per parent, in one query', async () => {
    statements.length = 0;
    const users = await User.findAll({
      include: [{ model: Post, separate: true, limit: 1, order: [['title', 'DESC']] }],
      order: [['name', 'ASC']],
      logging: log,
    });
    expect(statements).toHaveLength(2);
    expect(users.map((u) => u.posts!.map((p) => p.title))).toEqual([['a2'], ['b1'], []]);
  });

  it('groups by an included attribute', async () => {
    const rows = await Post.findAll({
      attributes: [[fn('COUNT', col('id')), 'n']],
      include: [{ association: 'user', attributes: ['name'] }],
      group: [col('$user.id$'), col('$user.name$')],
      order: [[User, 'name', 'ASC']],
    });
    expect(rows.map((r) => [r.user!.name, Number(r.get('n'))])).toEqual([
      ['Ann', 2],
      ['Bob', 1],
    ]);
  });

  it('counts parents, not joined rows, with includes', async () => {
    expect(await User.count({ include: [Post] })).toBe(3);
    expect(await User.count({ include: [{ model: Post, required: true }] })).toBe(2);
  });

  it('throws EagerLoadingError naming the model and the valid associations', async () => {
    // The compiler refuses the alias too (User declares its associations); JavaScript callers get the error.
    // @ts-expect-error 'comments' is not an association of User
    await expect(User.findAll({ include: ['comments'] })).rejects.toThrow(EagerLoadingError);
    // @ts-expect-error 'comments' is not an association of User
    await expect(User.findAll({ include: ['comments'] })).rejects.toThrow(
      /comments is not associated to User; valid associations of User: posts, profile, manager/,
    );
    await expect(User.findAll({ include: [Tag] })).rejects.toThrow(/Tag is not associated to User/);
    await expect(User.findAll({ include: [Post.associations.user] })).rejects.toThrow(EagerLoadingError);
  });
});
