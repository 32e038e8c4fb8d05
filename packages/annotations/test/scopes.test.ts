import 'reflect-metadata';
import { Model, Op, Strata } from '@strata/core';
import { Column, DefaultScope, Scopes, Table } from '@strata/annotations';

@DefaultScope(() => ({ where: { archived: false } }))
@Scopes(() => ({
  published: { where: { status: 'published' } },
  longerThan: (words: number) => ({ where: { words: { [Op.gt]: words } } }),
  byAuthor: { where: { authorId: Author.primaryKeyAttribute } },
}))
@Table
class Article extends Model {
  @Column declare status: string;
  @Column declare words: number;
  @Column declare archived: boolean;
  @Column declare authorId: number;
}

// Declared after Article, which refers to it in a scope: the thunk runs when models are added.
@Table
class Author extends Model {
  @Column declare name: string;
}

describe('@Scopes and @DefaultScope', () => {
  it('fill the scopes and defaultScope model options when the models are added', async () => {
    const db = new Strata('sqlite::memory:', { models: [Author, Article] });
    const options = Article.definition.options;
    expect(options.defaultScope).toEqual({ where: { archived: false } });
    expect(Object.keys(options.scopes ?? {})).toEqual(['published', 'longerThan', 'byAuthor']);
    expect(options.scopes?.published).toEqual({ where: { status: 'published' } });
    const longerThan = options.scopes?.longerThan as (words: number) => unknown;
    expect(longerThan(100)).toEqual({ where: { words: { [Op.gt]: 100 } } });
    expect(options.scopes?.byAuthor).toEqual({ where: { authorId: 'id' } });
    await db.close();
  });

  it('report a scope function that throws, naming the model', async () => {
    @Scopes(() => {
      throw new Error('boom');
    })
    @Table
    class Exploding extends Model {
      @Column declare name: string;
    }
    const db = new Strata('sqlite::memory:');
    expect(() => db.addModels([Exploding])).toThrow(/Exploding: a @Scopes\/@DefaultScope function threw: boom/);
    await db.close();
  });
});
