import { DataTypes, Strata, ValidationError } from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

describe('DataTypes.ENUM arguments', () => {
  it('takes strings, an array, or { values } (Sequelize) and writes the same type', () => {
    const expected = "ENUM('draft', 'published')";
    expect(String(DataTypes.ENUM('draft', 'published'))).toBe(expected);
    expect(String(DataTypes.ENUM(['draft', 'published']))).toBe(expected);
    expect(String(DataTypes.ENUM({ values: ['draft', 'published'] }))).toBe(expected);
  });

  it('refuses values that are not strings instead of writing their text into the column type', () => {
    expect(() => DataTypes.ENUM({ values: ['a', 2 as unknown as string] })).toThrow('got 2');
    expect(() => DataTypes.ENUM(...([{ value: 'a' }] as unknown as string[]))).toThrow(
      'DataTypes.ENUM takes strings, an array of strings or { values: [...] }; got {"value":"a"}',
    );
  });
});

describeEachDialect('ENUM({ values }) columns', (ctx) => {
  let db: Strata;

  it('stores and checks the listed values', async () => {
    db = ctx.connect();
    const Post = db.define(
      'Post',
      { status: { type: DataTypes.ENUM({ values: ['draft', 'published'] }), allowNull: false } },
      { tableName: 'enum_posts', timestamps: false },
    );
    await db.sync({ force: true });
    await Post.create({ status: 'published' });
    await expect(Post.create({ status: 'archived' })).rejects.toThrow(ValidationError);
    // The database itself refuses other values too (not just the model's validation).
    await expect(db.query("INSERT INTO enum_posts (status) VALUES ('[object Object]')")).rejects.toThrow();
    expect((await Post.findAll()).map((post) => post.get('status'))).toEqual(['published']);
  });
});
