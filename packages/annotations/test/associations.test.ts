import 'reflect-metadata';
import { DataTypes, Model, Strata, type CreationOptional } from '@strata/core';
import {
  AllowNull,
  AutoIncrement,
  BelongsTo,
  BelongsToMany,
  Column,
  ForeignKey,
  HasMany,
  HasOne,
  PrimaryKey,
  Table,
} from '@strata/annotations';
import { describeEachDialect } from '../../../test-support/dialects';
import { Novel } from './fixtures/circular/novel.model';
import { Writer } from './fixtures/circular/writer.model';

// Association decorators come before and after the key decorators on purpose: order never matters.
@Table({ tableName: 'members' })
class Member extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
  @Column declare name: string;
  @HasMany(() => Article) declare articles?: Article[];
  // `| null`: a single-model type would be emitted as metadata before Profile is defined below.
  @HasOne(() => Profile) declare profile?: Profile | null;
  // Self-association: a member's mentor is a member, and a mentor has mentees.
  @BelongsTo(() => Member, 'mentorId') declare mentor?: Member;
  @HasMany(() => Member, { foreignKey: 'mentorId' }) declare mentees?: Member[];
  @ForeignKey(() => Member) @Column(DataTypes.INTEGER) declare mentorId: number | null;
}

@Table({ tableName: 'profiles' })
class Profile extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
  @Column declare bio: string;
  @ForeignKey(() => Member) @AllowNull(false) @Column declare memberId: number;
}

@Table({ tableName: 'articles' })
class Article extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
  @Column declare title: string;
  @BelongsTo(() => Member) declare author?: Member;
  @ForeignKey(() => Member) @Column({ type: DataTypes.INTEGER, field: 'author_id' }) declare authorId: number;
  @BelongsToMany(() => Label, () => ArticleLabel) declare labels?: Label[];
  @BelongsToMany(() => Label, 'article_topics', { foreignKey: 'articleId', otherKey: 'topicId' })
  declare topics?: Label[];
}

@Table({ tableName: 'labels' })
class Label extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
  @Column declare name: string;
  @BelongsToMany(() => Article, () => ArticleLabel) declare articles?: Article[];
}

@Table({ tableName: 'article_labels' })
class ArticleLabel extends Model {
  @ForeignKey(() => Article) @Column declare articleId: number;
  @ForeignKey(() => Label) @Column declare labelId: number;
  @Column(DataTypes.INTEGER) declare weight: number | null;
}

const MODELS = [Member, Profile, Article, Label, ArticleLabel];

describeEachDialect('association decorators', (ctx) => {
  let db: Strata;

  beforeAll(async () => {
    db = ctx.connect({ models: MODELS });
    await db.sync({ force: true });
  });

  it('declares each association under its property name with the decorated keys', () => {
    expect(Object.keys(Member.associations).sort()).toEqual(['articles', 'mentees', 'mentor', 'profile']);
    expect(Member.associations.articles).toMatchObject({ associationType: 'HasMany', foreignKey: 'authorId' });
    expect(Member.associations.profile).toMatchObject({ associationType: 'HasOne', foreignKey: 'memberId' });
    expect(Article.associations.author).toMatchObject({ associationType: 'BelongsTo', foreignKey: 'authorId' });
    expect(Article.associations.labels).toMatchObject({
      associationType: 'BelongsToMany',
      through: ArticleLabel,
      foreignKey: 'articleId',
      otherKey: 'labelId',
    });
    // The declared key keeps its own column; the association adds the reference.
    expect(Article.getAttributes().authorId).toMatchObject({
      field: 'author_id',
      references: { table: 'members', key: 'id' },
    });
    expect(Profile.getAttributes().memberId).toMatchObject({ allowNull: false });
  });

  it('includes by alias through decorated models', async () => {
    const ada = await Member.create({ name: 'Ada' });
    await Article.create({ title: 'Engines', authorId: ada.id });
    await Article.create({ title: 'Notes', authorId: ada.id });
    const found = await Member.findOne({ where: { id: ada.id }, include: ['articles', 'profile'] });
    expect(found?.articles?.map((a) => a.title).sort()).toEqual(['Engines', 'Notes']);
    expect(found?.profile).toBeNull();
    const article = await Article.findOne({ where: { title: 'Engines' }, include: ['author'] });
    expect(article?.author?.name).toBe('Ada');
  });

  it('creates nested rows through decorated models', async () => {
    const grace = await Member.create(
      {
        name: 'Grace',
        profile: { bio: 'Admiral' },
        articles: [{ title: 'Compilers', labels: [{ name: 'cs' }, { name: 'history' }] }],
      },
      { include: ['profile', { association: 'articles', include: ['labels'] }] },
    );
    const found = await Member.findByPk(grace.id, {
      include: ['profile', { association: 'articles', include: ['labels'] }],
    });
    expect(found?.profile?.bio).toBe('Admiral');
    expect(found?.articles?.[0].title).toBe('Compilers');
    expect(found?.articles?.[0].labels?.map((l) => l.name).sort()).toEqual(['cs', 'history']);
  });

  it('links rows through the decorated join model, with its extra attributes', async () => {
    const author = await Member.create({ name: 'Linus' });
    const article = await Article.create({ title: 'Kernels', authorId: author.id });
    const label = await Label.create({ name: 'systems' });
    await ArticleLabel.create({ articleId: article.id, labelId: label.id, weight: 3 });
    const found = await Label.findByPk(label.id, { include: ['articles'] });
    expect(found?.articles?.map((a) => a.title)).toEqual(['Kernels']);
    const joined = found?.articles?.[0].get('ArticleLabel') as ArticleLabel | undefined;
    expect(joined?.weight).toBe(3);
  });

  it('writes a string-through belongsToMany into the table it names', async () => {
    const author = await Member.create({ name: 'Barbara' });
    const article = await Article.create({ title: 'Abstraction', authorId: author.id });
    const topic = await Label.create({ name: 'design' });
    await (article as unknown as { addTopic(label: Label): Promise<void> }).addTopic(topic);
    const found = await Article.findByPk(article.id, { include: ['topics'] });
    expect(found?.topics?.map((t) => t.name)).toEqual(['design']);
    expect(db.isDefined('article_topics')).toBe(true);
  });

  it('resolves a self-association both ways', async () => {
    const mentor = await Member.create({ name: 'Mentor' });
    const mentee = await Member.create({ name: 'Mentee', mentorId: mentor.id });
    const found = await Member.findByPk(mentee.id, { include: ['mentor'] });
    expect(found?.mentor?.name).toBe('Mentor');
    const withMentees = await Member.findByPk(mentor.id, { include: ['mentees'] });
    expect(withMentees?.mentees?.map((m) => m.name)).toEqual(['Mentee']);
  });
});

describeEachDialect('association decorators across files that import each other', (ctx) => {
  beforeAll(async () => {
    const db = ctx.connect({ models: [Novel, Writer] });
    await db.sync({ force: true });
  });

  it('resolves the thunks and adds the undecorated key with the type of the key it refers to', async () => {
    expect(String(Novel.getAttributes().writerId?.type)).toBe(String(Writer.getAttributes().id?.type));
    const writer = await Writer.create(
      { name: 'Le Guin', novels: [{ title: 'The Dispossessed' }] },
      { include: ['novels'] },
    );
    const novel = await Novel.findOne({ where: { writerId: writer.id }, include: ['writer'] });
    expect(novel?.title).toBe('The Dispossessed');
    expect(novel?.writer?.name).toBe('Le Guin');
  });
});
