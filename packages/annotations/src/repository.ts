import { registerModelSource } from '@strata/core';
import { resolveDefinition } from './table';
import { resolveAssociations } from './resolve-associations';

type ModelClass = abstract new (...args: never[]) => unknown;

/**
 * sequelize-typescript's repository mode: the decorated class stays a plain, uninitialised
 * description, and each connection gets a model of its own made from it (a subclass of the same
 * name, table and options), so two connections can hold the same model without sharing state.
 * Instances of a repository are still `instanceof` the decorated class.
 */
export function createRepository<C extends ModelClass>(decorated: C): C {
  const name = decorated.name;
  // An object literal's computed key names the class after the decorated one (`User`, not `repository`).
  const repository = { [name]: class extends (decorated as unknown as new (...args: never[]) => object) {} }[
    name
  ] as unknown as C;
  registerModelSource(repository, {
    // The decorated class's own definition: its table options stay its own, not a subclass's.
    definition: () => resolveDefinition(decorated),
    associate: (connection) => resolveAssociations(repository, connection),
  });
  return repository;
}
