// db.define models have no class to read attribute types from: any attribute name compiles,
// and the definition checks it at run time.
import { Strata, DataTypes, Op } from '@strata/core';
export async function f(db: Strata) {
  const User = db.define('User', { name: DataTypes.STRING, age: DataTypes.INTEGER });
  await User.create({ name: 'a', age: 3 });
  const rows = await User.findAll({ where: { name: 'a', age: { [Op.gt]: 2 } }, order: [['age', 'DESC']] });
  const n: unknown = rows[0].name;
  await User.update({ name: 'b' }, { where: { age: 3 } });
  return n;
}
