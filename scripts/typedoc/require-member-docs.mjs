// @ts-check
/**
 * A TypeDoc plugin: the properties users reach on the main classes must be documented.
 *
 * typedoc.json's `requiredToBeDocumented` holds for every exported declaration and every
 * method, but not for every property: most properties are fields of options interfaces,
 * documented on the docs/ pages. The properties of the classes users call (the connection, a
 * model and its instances, the query interface, a transaction) are where a reader lands from
 * an editor's hover, so each of them needs a comment too. A missing one is a warning, which
 * `treatWarningsAsErrors` turns into a failed build.
 */
import { Application, ReflectionKind } from 'typedoc';

/** The classes whose own properties must all be documented. */
const MAIN_CLASSES = new Set(['Strata', 'Model', 'QueryInterface', 'Transaction']);

/** @param {Application} app */
export function load(app) {
  app.on(Application.EVENT_VALIDATE_PROJECT, (project) => {
    for (const owner of project.getReflectionsByKind(ReflectionKind.Class)) {
      if (!MAIN_CLASSES.has(owner.name)) continue;
      for (const member of owner.children ?? []) {
        if (!member.kindOf(ReflectionKind.Property)) continue;
        if (member.flags.isPrivate || member.flags.isProtected || member.hasComment()) continue;
        app.logger.warn(`${owner.name}.${member.name} (a property of a main class) has no documentation`);
      }
    }
  });
}
