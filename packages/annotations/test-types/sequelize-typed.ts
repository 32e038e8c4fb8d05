// Type tests for Sequelize v6's typed models through `@strata/core/sequelize`, checked by `tsc`
// against the built declarations (`pnpm run test:types`): the docs' model, with the import
// changed, compiles, and each `@ts-expect-error` below must be an error.
import {
  DataTypes,
  Model,
  Op,
  Sequelize,
  type Attributes,
  type CreationAttributes,
  type CreationOptional,
  type ForeignKey,
  type HookName,
  type InferAttributes,
  type InferCreationAttributes,
  type NonAttribute,
  type Optional,
} from '@strata/core/sequelize';

const sequelize = new Sequelize('app', 'root', 'secret', { dialect: 'mysql', host: '127.0.0.1' });
const byUrl = new Sequelize('postgres://app@127.0.0.1/app', { logging: false });
const byOptions = new Sequelize({ dialect: 'sqlite', storage: ':memory:' });
// @ts-expect-error the options form takes an object
new Sequelize(42);

class User extends Model<
  InferAttributes<User, { omit: 'projects' }>,
  InferCreationAttributes<User, { omit: 'projects' }>
> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare preferredName: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare projects?: NonAttribute<Project[]>;

  get fullName(): NonAttribute<string> {
    return this.name;
  }
}

class Project extends Model<InferAttributes<Project>, InferCreationAttributes<Project>> {
  declare id: CreationOptional<number>;
  declare ownerId: ForeignKey<User['id']>;
  declare name: string;
  declare owner?: NonAttribute<User>;
}

User.init(
  {
    id: { type: DataTypes.INTEGER.UNSIGNED, autoIncrement: true, primaryKey: true },
    name: { type: new DataTypes.STRING(128), allowNull: false },
    preferredName: { type: DataTypes.STRING(128), allowNull: true },
    createdAt: DataTypes.DATE,
    updatedAt: DataTypes.DATE,
  },
  { tableName: 'users', sequelize },
);
Project.init({ name: DataTypes.STRING(128) }, { sequelize, tableName: 'projects' });
User.hasMany(Project, { foreignKey: 'ownerId', as: 'projects' });

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | void {}

assertType<Equal<keyof InferAttributes<User>, 'id' | 'name' | 'preferredName' | 'createdAt' | 'updatedAt'>>();
assertType<Equal<keyof InferAttributes<User, { omit: 'preferredName' }>, 'id' | 'name' | 'createdAt' | 'updatedAt'>>();
assertType<Equal<keyof Attributes<Project>, 'id' | 'ownerId' | 'name'>>();
assertType<Equal<Attributes<Project>['ownerId'], number>>();
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
assertType<Equal<RequiredKeys<InferCreationAttributes<User>>, 'name'>>();
// ownerId is ForeignKey<User['id']>, and User['id'] is CreationOptional: optional at creation, as in Sequelize.
assertType<Equal<RequiredKeys<CreationAttributes<Project>>, 'name'>>();

export async function typedModels(): Promise<void> {
  const user: User = await User.create({ name: 'john' });
  await User.create({ name: 'john', preferredName: null, id: 1 });
  // @ts-expect-error a typo is caught: nAme is not an attribute
  await User.create({ nAme: 'john' });
  // @ts-expect-error name is required
  await User.create({ preferredName: 'j' });
  // @ts-expect-error wrong value type
  await User.create({ name: 42 });
  // @ts-expect-error getters marked NonAttribute are not attributes
  await User.create({ name: 'john', fullName: 'x' });
  await Project.create({ name: 'p', ownerId: user.id });
  // @ts-expect-error ForeignKey<number> takes numbers
  await Project.create({ name: 'p', ownerId: 'one' });
  const found: User[] = await User.findAll({ where: { name: { [Op.like]: 'j%' } } });
  // @ts-expect-error where keys are checked
  await User.findAll({ where: { nAme: 'john' } });
  await user.update({ preferredName: 'J' });
  // @ts-expect-error update values are checked
  await user.update({ preferredName: 3 });
  const total: number = await User.count();
  void found;
  void total;
}

// Sequelize's surface on models and the connection.
User.beforeCreate((user) => {
  const name: string = user.name;
  void name;
});
User.afterCreate('audit', async (user, options) => {
  void user.id;
  void options.transaction;
});
// @ts-expect-error the hook receives a User: no such attribute
User.beforeUpdate((user) => user.nope);
// As Sequelize types it: the name, or { tableName, schema, delimiter } for a model with a schema.
const tableName: string | { tableName: string; schema: string; delimiter: string } = User.getTableName();
// @ts-expect-error it is not always a string
const _onlyName: string = User.getTableName();
export const inTransaction = User.sequelize.transaction(async () => User.count());
const keys: string[] = User.primaryKeyAttributes;
const built: User[] = User.bulkBuild([{ name: 'a' }]);
// @ts-expect-error bulkBuild checks the attributes
User.bulkBuild([{ nAme: 'a' }]);
const lowered = sequelize.where(sequelize.fn('lower', sequelize.col('name')), 'john');
const cast = Sequelize.cast(Sequelize.col('id'), 'CHAR(10)');
const integerType = Sequelize.INTEGER.UNSIGNED;
void [byUrl, byOptions, tableName, keys, built, lowered, cast, integerType];
const optional: Optional<{ a: number; b: string }, 'a'> = { b: 'x' };
void optional;

// Every hook name has its static adder (User.beforeCreate, User.afterBulkSync, ...).
assertType<Equal<Exclude<HookName, keyof typeof Model>, never>>();
