// Type tests for include names: every alias at every level is checked against the model's
// declared association members, and a nested where against the included model's attributes.
import 'reflect-metadata';
import { DataTypes, Model, Op, Strata, type CreationOptional, type NonAttribute } from '@strata/core';
import { AutoIncrement, BelongsTo, Column, ForeignKey, HasMany, PrimaryKey, Table } from '@strata/annotations';

@Table
class Writer extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
  @Column declare name: string;
  @HasMany(() => Article) declare articles?: Article[];
}

@Table
class Article extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
  @Column declare title: string;
  @Column declare views: number;
  @ForeignKey(() => Writer) @Column(DataTypes.INTEGER) declare writerId: CreationOptional<number>;
  @BelongsTo(() => Writer) declare writer?: Writer | null;
  @HasMany(() => Remark) declare remarks?: Remark[];
}

@Table
class Remark extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
  @Column declare body: string;
  @ForeignKey(() => Article) @Column(DataTypes.INTEGER) declare articleId: number;
}

// Sequelize v6's style: association members declared as NonAttribute.
class Customer extends Model {
  declare id: CreationOptional<number>;
  declare name: string;
  declare orders?: NonAttribute<Order[]>;
}
class Order extends Model {
  declare id: CreationOptional<number>;
  declare total: number;
  declare customer?: NonAttribute<Customer>;
}

// No association member declared: the names cannot be known, so include stays untyped.
class Loose extends Model {
  declare id: CreationOptional<number>;
}

export async function checkedNames(dynamic: string[]): Promise<void> {
  await Writer.findAll({ include: ['articles'] });
  await Writer.findAll({ include: 'articles' });
  await Writer.findAll({ include: [{ association: 'articles', include: ['remarks', 'writer'] }] });
  await Writer.findOne({ include: [{ association: 'articles', include: [{ association: 'remarks' }] }] });
  await Writer.findByPk(1, { include: [{ association: 'articles', required: true, separate: true }] });
  await Writer.findAndCountAll({ include: ['articles'], limit: 5 });
  await Writer.findAll({ raw: true, include: ['articles'] });
  await Customer.findAll({ include: [{ association: 'orders', include: ['customer'] }] });
  // A model class, `{ model }` and `{ all: true }` name nothing the compiler can check.
  await Writer.findAll({ include: [Article, { model: Article, required: false }, { all: true }] });
  // A string[] built at run time is checked when the query runs.
  await Writer.findAll({ include: dynamic });
  for await (const writer of Writer.findEach({ include: ['articles'] })) void writer.articles.length;

  // @ts-expect-error misspelt alias
  await Writer.findAll({ include: ['articlez'] });
  // @ts-expect-error misspelt alias, not in an array
  await Writer.findAll({ include: 'articlez' });
  // @ts-expect-error misspelt alias in { association }
  await Writer.findAll({ include: [{ association: 'articlez' }] });
  // @ts-expect-error misspelt alias one level down
  await Writer.findAll({ include: [{ association: 'articles', include: ['remarkz'] }] });
  // @ts-expect-error misspelt alias two levels down
  await Writer.findAll({
    include: [{ association: 'articles', include: [{ association: 'writer', include: ['articlez'] }] }],
  });
  // @ts-expect-error an alias of another model (remarks belongs to Article, not Writer)
  await Writer.findOne({ include: ['remarks'] });
  // @ts-expect-error findByPk checks too
  await Writer.findByPk(1, { include: ['articlez'] });
  // @ts-expect-error findAndCountAll checks too
  await Writer.findAndCountAll({ include: ['articlez'] });
  // @ts-expect-error raw: true checks too
  await Writer.findAll({ raw: true, include: ['articlez'] });
  // @ts-expect-error findEach checks too
  void Writer.findEach({ include: ['articlez'] });
  await Writer.count({ include: [{ association: 'articles', where: { views: 3 } }] });
  await Writer.count({ include: ['articles'], group: ['name'] });
  // @ts-expect-error count checks too
  await Writer.count({ include: ['articlez'] });
  // @ts-expect-error count with group checks too
  await Writer.count({ include: [{ association: 'articles', where: { titel: 'x' } }], group: ['name'] });
  // @ts-expect-error NonAttribute association members are checked the same way
  await Customer.findAll({ include: ['orderz'] });
  // @ts-expect-error a to-one NonAttribute member one level down
  await Customer.findAll({ include: [{ association: 'orders', include: ['customr'] }] });
}

export async function nestedWhere(): Promise<void> {
  await Writer.findAll({
    include: [
      { association: 'articles', where: { views: { [Op.gte]: 3 }, [Op.or]: [{ title: 'a' }, { title: 'b' }] } },
    ],
  });
  await Writer.findAll({ include: [{ association: 'articles', where: { title: [`a`, 'b'], views: null } }] });
  // @ts-expect-error operators are typed by the included attribute too
  await Writer.findAll({ include: [{ association: 'articles', where: { views: { [Op.gte]: 'three' } } }] });
  await Writer.findAll({ include: [{ association: 'articles', where: { title: 'Hi', views: 3 } }] });
  await Writer.findAll({
    include: [{ association: 'articles', include: [{ association: 'remarks', where: { body: 'ok' } }] }],
  });
  await Writer.findAll({ include: [{ model: Article, where: { views: 3 } }] });
  await Writer.findAll({ include: [{ association: 'articles', where: { '$writer.name$': 'Ann' } }] });
  await Writer.findAll({ include: [{ association: 'articles', attributes: ['title'] }] });

  // @ts-expect-error misspelt attribute in a nested where
  await Writer.findAll({ include: [{ association: 'articles', where: { titel: 'Hi' } }] });
  // @ts-expect-error the nested where is typed by the included model: views is a number
  await Writer.findAll({ include: [{ association: 'articles', where: { views: 'many' } }] });
  // @ts-expect-error an attribute of the parent, not of the included model
  await Writer.findAll({ include: [{ association: 'articles', where: { name: 'Ann' } }] });
  // @ts-expect-error misspelt attribute two levels down
  await Writer.findAll({
    include: [{ association: 'articles', include: [{ association: 'remarks', where: { bdy: 'x' } }] }],
  });
  // @ts-expect-error { model } entries check their where against that model
  await Writer.findAll({ include: [{ model: Article, where: { titel: 'Hi' } }] });
  // @ts-expect-error misspelt attribute in a nested attributes list
  await Writer.findAll({ include: [{ association: 'articles', attributes: ['titel'] }] });
}

export async function untypedWhereNamesAreUnknown(db: Strata): Promise<void> {
  // Remark declares no association member, so what is included under it cannot be checked.
  await Writer.findAll({
    include: [{ association: 'articles', include: [{ association: 'remarks', include: ['x'] }] }],
  });
  await Loose.findAll({ include: ['anything'] });
  await Loose.findAll({ include: [{ association: 'anything', where: { whatever: 1 } }] });
  const Defined = db.define('Defined', { name: DataTypes.STRING });
  await Defined.findAll({ include: ['anything', { association: 'other', include: ['more'] }] });
}

export async function resultsStillTyped(): Promise<void> {
  const writers = await Writer.findAll({ include: [{ association: 'articles', include: ['remarks'] }] });
  const bodies: string[] = writers[0].articles[0].remarks.map((r) => r.body);
  void bodies;
}
