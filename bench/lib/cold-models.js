'use strict';
/**
 * W8's schema, the same for every ORM: 50 models and 80 associations. Model 1 is `User` on the
 * seeded `users` table (the one findByPk reads); models 2..50 are `Entity<i>` with six columns
 * and a `parentId` key. Associations: every Entity<i> belongsTo the model before it (49), and
 * the first 31 of those parents also hasMany their child (31): 80 in all. Only `users` exists in
 * the database: defining a model touches no table.
 */
const MODEL_COUNT = 50;
const HAS_MANY_COUNT = 31;

function coldSchema() {
  const models = [{ name: 'User', table: 'users', kind: 'user' }];
  for (let i = 2; i <= MODEL_COUNT; i += 1) models.push({ name: `Entity${i}`, table: `entity_${i}`, kind: 'entity' });
  const associations = [];
  for (let i = 1; i < MODEL_COUNT; i += 1) {
    const parent = models[i - 1].name;
    const child = models[i].name;
    associations.push({ kind: 'belongsTo', source: child, target: parent, foreignKey: 'parentId', as: 'parent' });
    if (i <= HAS_MANY_COUNT) {
      associations.push({ kind: 'hasMany', source: parent, target: child, foreignKey: 'parentId', as: 'children' });
    }
  }
  return { models, associations };
}

module.exports = { coldSchema, MODEL_COUNT };
