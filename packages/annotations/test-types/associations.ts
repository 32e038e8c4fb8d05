// Type tests for association decorators, nested creation values and include-typed results.
import 'reflect-metadata';
import { DataTypes, Model, type CreationAttributes, type CreationOptional } from '@strata/core';
import {
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

@Table
class Author extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
  @Column declare name: string;
  @HasMany(() => Book) declare books?: Book[];
  @HasOne(() => Biography, { foreignKey: 'authorId' }) declare biography?: Biography | null;
}

@Table
class Book extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
  @Column declare title: string;
  // CreationOptional: a nested create of the author fills it.
  @ForeignKey(() => Author) @Column(DataTypes.INTEGER) declare authorId: CreationOptional<number>;
  @BelongsTo(() => Author, 'authorId') declare author?: Author;
  @BelongsToMany(() => Genre, () => BookGenre) declare genres?: Genre[];
  @BelongsToMany(() => Genre, 'book_moods', { as: 'moods', otherKey: 'moodId' }) declare moods?: Genre[];
}

@Table
class Biography extends Model {
  @Column declare text: string;
  @ForeignKey(() => Author) @Column declare authorId: number;
}

@Table
class Genre extends Model {
  @Column declare name: string;
}

@Table
class BookGenre extends Model {
  @ForeignKey(() => Book) @Column declare bookId: number;
  @ForeignKey(() => Genre) @Column declare genreId: number;
}

class NotAModel {}

export class Misused extends Model {
  // @ts-expect-error the target must be a model class
  @HasMany(() => NotAModel) declare things?: NotAModel[];
  // @ts-expect-error the target is a function returning the class, not the class
  @BelongsTo(Author) declare author?: Author;
  // @ts-expect-error the through is a model function or a table name
  @BelongsToMany(() => Genre, 42) declare genres?: Genre[];
  // @ts-expect-error unknown association option
  @HasOne(() => Biography, { foreignKeys: 'authorId' }) declare biography?: Biography;
}

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | void {}

// Association members are optional nested values at creation, never required attributes.
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
assertType<Equal<RequiredKeys<CreationAttributes<Author>>, 'name'>>();

export async function nestedCreation(): Promise<void> {
  await Author.create(
    { name: 'Ursula', books: [{ title: 'Earthsea', genres: [{ name: 'fantasy' }] }], biography: { text: '...' } },
    { include: [{ association: 'books', include: ['genres'] }, 'biography'] },
  );
  // An existing instance is linked rather than created.
  const existing = (await Book.findByPk(1))!;
  await Author.create({ name: 'Ursula', books: [existing] }, { include: ['books'] });
  await Book.create({ title: 'Lathe', author: { name: 'Ursula' } }, { include: ['author'] });
  // @ts-expect-error nested attributes are checked: unknown key
  await Author.create({ name: 'U', books: [{ titel: 'Earthsea' }] }, { include: ['books'] });
  // @ts-expect-error nested attributes are checked: value type
  await Author.create({ name: 'U', books: [{ title: 3 }] }, { include: ['books'] });
  // @ts-expect-error a to-many association takes an array
  await Author.create({ name: 'U', books: { title: 'Earthsea' } }, { include: ['books'] });
  // @ts-expect-error a to-one association takes one value
  await Book.create({ title: 'Lathe', author: [{ name: 'U' }] }, { include: ['author'] });
}

export async function includeTypedResults(): Promise<void> {
  const authors = await Author.findAll({ include: ['books'] });
  expectType<Book[]>(authors[0].books);
  const withBio = await Author.findOne({ where: { name: 'U' }, include: ['biography', 'books'] });
  expectType<Biography | null>(withBio!.biography);
  expectType<Book[]>(withBio!.books);
  const nested = await Author.findByPk(1, { include: [{ association: 'books', include: ['genres'] }] });
  expectType<Genre[]>(nested!.books[0].genres);
  const counted = await Book.findAndCountAll({ include: ['author'], limit: 10 });
  expectType<Author | null>(counted.rows[0].author);
  // Without include nothing changes: the member stays optional.
  const plain = await Author.findAll();
  assertType<Equal<(typeof plain)[number], Author>>();
  // An include by model class loads the rows but names no alias the compiler can see.
  assertType<Equal<Awaited<ReturnType<typeof byModel>>[number], Author>>();
  // @ts-expect-error the where keys are still checked when include is given
  await Author.findAll({ include: ['books'], where: { nmae: 'U' } });
  // @ts-expect-error an unloaded association stays optional
  expectType<Book[]>((await Author.findAll({ include: ['biography'] }))[0].books);
  // @ts-expect-error a to-one member declared `| null` stays nullable when loaded
  expectType<Biography>(withBio!.biography);
  // @ts-expect-error plain results are not narrowed
  expectType<Book[]>(plain[0].books);
}

export function byModel() {
  return Author.findAll({ include: [Book] });
}

function expectType<T>(value: T): void {
  void value;
}
