// Type tests, checked by `tsc` in CI (`pnpm run test:types`) against the built declarations:
// each `@ts-expect-error` must be an error, everything else must compile.
import 'reflect-metadata';
import {
  DataTypes,
  Model,
  Op,
  fn,
  col,
  type Attributes,
  type CreationAttributes,
  type CreationOptional,
  type NonAttribute,
} from '@strata/core';
import { AutoIncrement, Column, CreatedAt, Default, PrimaryKey, Table, UpdatedAt } from '@strata/annotations';

@Table
class User extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
  @Column declare email: string;
  @Column(DataTypes.STRING) declare name: string | null;
  @Column declare age: number;
  @Default(true) @Column(DataTypes.BOOLEAN) declare active: CreationOptional<boolean>;
  @Column(DataTypes.DATE) declare birthday?: Date;
  @CreatedAt declare createdAt: Date;
  @UpdatedAt declare updatedAt: Date;
  declare posts?: Post[];
  declare cachedScore: NonAttribute<number>;

  /** Methods and getters are not attributes. */
  greet(): string {
    return `hi ${this.email}`;
  }
  get label(): string {
    return this.email;
  }
}

@Table
class Post extends Model {
  @PrimaryKey @AutoIncrement @Column declare id: CreationOptional<number>;
  @Column declare title: string;
  @Column declare userId: number;
  declare author?: User;
}

class Admin extends User {
  @Column declare level: number;
}

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | void {}

// The attributes come from the class alone: no methods, getters, associations or Model internals.
assertType<
  Equal<keyof Attributes<User>, 'id' | 'email' | 'name' | 'age' | 'active' | 'birthday' | 'createdAt' | 'updatedAt'>
>();
assertType<Equal<Attributes<User>['id'], number>>();
assertType<Equal<Attributes<Post>['title'], string>>();
// Required at creation: what has no default, is not nullable, optional, CreationOptional or a timestamp.
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
assertType<Equal<RequiredKeys<CreationAttributes<User>>, 'email' | 'age'>>();

export async function creating(): Promise<void> {
  const created: User = await User.create({ email: 'a@b.c', age: 3 });
  await User.create({ email: 'a@b.c', age: 3, name: null, id: 7, active: false, birthday: new Date() });
  // @ts-expect-error email is required
  await User.create({ age: 3 });
  // @ts-expect-error unknown attribute
  await User.create({ email: 'a@b.c', age: 3, nope: true });
  // @ts-expect-error wrong value type
  await User.create({ email: 'a@b.c', age: 'three' });
  // @ts-expect-error methods are not attributes
  await User.create({ email: 'a@b.c', age: 3, greet: () => '' });
  // @ts-expect-error not nullable
  await User.create({ email: null, age: 3 });
  const built: User = User.build({ email: 'a@b.c', age: 1 });
  // @ts-expect-error build takes the same attributes
  User.build({ email: 1 });
  await User.bulkCreate([{ email: 'a@b.c', age: 1 }]);
  // @ts-expect-error bulkCreate too
  await User.bulkCreate([{ email: 'a@b.c' }]);
  void created;
  void built;
}

export async function finding(): Promise<void> {
  const many: User[] = await User.findAll({ where: { age: { [Op.gte]: 18 } }, order: [['age', 'DESC']] });
  const one: User | null = await User.findByPk(1);
  const first: User | null = await User.findOne({ where: { email: 'a@b.c', name: null } });
  await User.findAll({
    where: {
      [Op.or]: [{ age: { [Op.between]: [1, 9] } }, { name: { [Op.like]: 'A%' } }],
      email: ['a@b.c', 'd@e.f'],
      active: true,
      createdAt: { [Op.lt]: new Date() },
    },
    attributes: ['id', 'email', [fn('COUNT', col('id')), 'n']],
    order: [['createdAt', 'DESC'], 'email', fn('RANDOM')],
    group: ['email'],
    limit: 10,
  });
  await User.findAll({ attributes: { exclude: ['age'] } });
  await User.count({ where: { active: true } });
  // @ts-expect-error unknown where key
  await User.findAll({ where: { agee: 3 } });
  // @ts-expect-error operator value typed by the attribute
  await User.findAll({ where: { age: { [Op.gt]: 'old' } } });
  // @ts-expect-error a plain value typed by the attribute
  await User.findAll({ where: { active: 'yes' } });
  // @ts-expect-error `in` lists are typed too
  await User.findAll({ where: { age: { [Op.in]: ['a'] } } });
  // @ts-expect-error pattern operators apply to text attributes only
  await User.findAll({ where: { age: { [Op.like]: '1%' } } });
  await User.findAll({ where: { name: { [Op.startsWith]: 'A' }, email: { [Op.iLike]: '%@b.c' } } });
  // @ts-expect-error string operators are not operators
  await User.findAll({ where: { age: { $gt: 3 } } });
  // @ts-expect-error unknown attribute in the selection
  await User.findAll({ attributes: ['id', 'password'] });
  // @ts-expect-error unknown attribute in exclude
  await User.findAll({ attributes: { exclude: ['password'] } });
  // @ts-expect-error unknown attribute in order
  await User.findAll({ order: [['agee', 'DESC']] });
  // @ts-expect-error bad order direction
  await User.findAll({ order: [['age', 'DOWN']] });
  // @ts-expect-error unknown attribute in group
  await User.findAll({ group: ['agee'] });
  // @ts-expect-error count where keys checked
  await User.count({ where: { agee: 3 } });
  void many;
  void one;
  void first;
}

export async function writing(): Promise<void> {
  await User.update({ name: 'B' }, { where: { id: 1 } });
  // @ts-expect-error update values typed
  await User.update({ age: 'x' }, { where: { id: 1 } });
  // @ts-expect-error update where keys checked
  await User.update({ age: 1 }, { where: { idd: 1 } });
  await User.destroy({ where: { email: 'a@b.c' } });
  // @ts-expect-error destroy where keys checked
  await User.destroy({ where: { mail: 'a@b.c' } });
  const user = (await User.findByPk(1))!;
  const updated: User = await user.update({ age: 4 });
  // @ts-expect-error instance update typed
  await user.update({ age: '4' });
  const saved: User = await user.save();
  void updated;
  void saved;
}

export async function subclasses(): Promise<void> {
  // Statics go through `this`: a subclass's finders return the subclass with its own attributes.
  const admins: Admin[] = await Admin.findAll({ where: { level: { [Op.gt]: 1 } } });
  const admin: Admin = await Admin.create({ email: 'a@b.c', age: 30, level: 2 });
  // @ts-expect-error the subclass's own attribute is required
  await Admin.create({ email: 'a@b.c', age: 30 });
  // @ts-expect-error a sibling's attribute is not there
  await Post.findAll({ where: { level: 1 } });
  void admins;
  void admin;
}

export async function plainObjects(): Promise<void> {
  // toJSON() and get({ plain: true }) are typed as the model's attributes (includes are extra keys).
  const user = await User.create({ email: 'a@b.c', age: 30 });
  const json = user.toJSON();
  const email: string = json.email;
  const age: number = json.age;
  const plain = user.get({ plain: true });
  const name: string | null = plain.name;
  // @ts-expect-error an attribute keeps its type in toJSON()
  const wrong: number = json.email;
  // @ts-expect-error and in get({ plain: true })
  const alsoWrong: boolean = plain.name;
  const included: unknown = json.posts; // an include is there as a plain value
  void [email, age, name, wrong, alsoWrong, included];
}

export async function rawRows(): Promise<void> {
  // raw: true resolves to plain rows typed by the attributes, not to instances.
  const rows = await User.findAll({ raw: true });
  const email: string = rows[0].email;
  const row = await User.findOne({ where: { id: 1 }, raw: true });
  const age: number | undefined = row?.age;
  // @ts-expect-error a raw row is not an instance: no save()
  await rows[0].save();
  // @ts-expect-error nor toJSON()
  row?.toJSON();
  const instances = await User.findAll();
  await instances[0].save(); // without raw, instances
  void [email, age];
}
