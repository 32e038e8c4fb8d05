/**
 * From an attribute's `validate` object to the list of checks run on every write.
 *
 * Compiling reads every spec once (argument rules, unknown names, bad options) and caches
 * the result per `validate` object, so `checkValidatorSpecs` at definition time and
 * `validateRecord` on each write share the work and report the same errors.
 */
import type { AttributeValidationSpec, AttributeValidators, ModelValidatorFn, ValidatorFn } from '../types';
import { SpecError, normaliseSpec } from './arguments';
import { builtInValidatorNames, findBuiltIn, type ValueTest } from './built-in';

/** A built-in validator ready to run. */
export interface CompiledBuiltIn {
  readonly kind: 'builtin';
  readonly key: string;
  readonly args: readonly unknown[];
  readonly msg: string | undefined;
  readonly test: ValueTest;
}

/** A custom validator function. */
export interface CompiledCustom {
  readonly kind: 'custom';
  readonly key: string;
  readonly fn: ValidatorFn;
}

/** One attribute's validators, in declaration order. */
export interface CompiledAttribute {
  readonly validators: ReadonlyArray<CompiledBuiltIn | CompiledCustom>;
  readonly hasCustom: boolean;
  /** Whether `notNull` is declared (it is only allowed together with allowNull: false). */
  readonly hasNotNull: boolean;
  /** The `notNull: { msg }` message for null values on a non-nullable attribute. */
  readonly notNullMsg: string | undefined;
}

const NO_VALIDATORS: CompiledAttribute = Object.freeze({
  validators: [],
  hasCustom: false,
  hasNotNull: false,
  notNullMsg: undefined,
});

// Keyed by the `validate` object itself: model definitions are built once and reused for
// every write, so this is a lookup per attribute per record instead of re-reading specs.
const cache = new WeakMap<AttributeValidators, CompiledAttribute>();

/**
 * Compiles one attribute's validators and checks them against its `allowNull`.
 * Throws a `TypeError` naming `Model.attribute` and the offending validator.
 */
export function compileAttribute(modelName: string, attribute: AttributeValidationSpec): CompiledAttribute {
  const validate = attribute.validate;
  let compiled = validate === undefined ? NO_VALIDATORS : cache.get(validate);
  if (compiled === undefined) {
    compiled = compileValidators(modelName, attribute.name, validate as AttributeValidators);
    cache.set(validate as AttributeValidators, compiled);
  }
  if (compiled.hasNotNull && attribute.allowNull !== false) {
    throw new TypeError(
      `Invalid validator "notNull" on ${modelName}.${attribute.name}: the notNull validator is only allowed with allowNull: false ` +
        '(set allowNull: false; notNull: { msg } then sets its message)',
    );
  }
  return compiled;
}

function compileValidators(modelName: string, attributeName: string, validate: AttributeValidators): CompiledAttribute {
  if (validate === null || typeof validate !== 'object' || Array.isArray(validate)) {
    throw new TypeError(`Invalid validate option on ${modelName}.${attributeName}: expected an object of validators`);
  }
  const validators: Array<CompiledBuiltIn | CompiledCustom> = [];
  let hasNotNull = false;
  let notNullMsg: string | undefined;
  for (const [key, spec] of Object.entries(validate)) {
    if (typeof spec === 'function') {
      const fn = spec as ValidatorFn;
      checkCustomArity(`${modelName}.${attributeName}`, key, fn);
      validators.push({ kind: 'custom', key, fn });
      continue;
    }
    const definition = findBuiltIn(key);
    if (definition === undefined) {
      throw new TypeError(
        `Unknown validator "${key}" on ${modelName}.${attributeName}.${suggest(key)} ${VALID_NAMES_HINT}`,
      );
    }
    try {
      const normalised = normaliseSpec(spec);
      if (normalised === null) continue;
      const test = definition.prepare(normalised.args);
      validators.push({ kind: 'builtin', key, args: Object.freeze(normalised.args), msg: normalised.msg, test });
      if (key === 'notNull') {
        hasNotNull = true;
        notNullMsg = normalised.msg;
      }
    } catch (error) {
      if (!(error instanceof SpecError)) throw error;
      throw new TypeError(`Invalid validator "${key}" on ${modelName}.${attributeName}: ${error.reason}`);
    }
  }
  return Object.freeze({
    validators: Object.freeze(validators),
    hasCustom: validators.some((validator) => validator.kind === 'custom'),
    hasNotNull,
    notNullMsg,
  });
}

const VALID_NAMES_HINT = `Valid validators: ${builtInValidatorNames.join(', ')}; a custom validator must be a function.`;

/**
 * Sequelize calls a two-parameter validator with a callback (`(value, next)`); Strata awaits
 * the returned promise instead. Such a function would otherwise pass silently, because
 * nothing ever fails through the callback, so it is rejected when the model is defined.
 */
function checkCustomArity(owner: string, key: string, fn: (...args: never[]) => unknown, expected = 1): void {
  if (fn.length > expected) {
    throw new TypeError(
      `Custom validator "${key}" on ${owner} declares ${fn.length} parameters: callback-style validators are not supported. ` +
        'Make it async (or return a promise) and throw to fail.',
    );
  }
}

/**
 * Checks a model's validator declarations when the model is defined, so a typo or a bad
 * argument fails at startup with the model and attribute named, instead of on the first write.
 *
 * Checks: unknown validator names (with the closest valid name and the full list), each
 * built-in's argument form (`isIn: ['a', 'b']` is rejected in favour of `isIn: [['a', 'b']]`),
 * validator.js options it would reject (locales, card providers), `notNull` without
 * `allowNull: false`, callback-style custom validators, and model validators that are not
 * functions or that share a name with an attribute.
 *
 * Throws a `TypeError`. `validateRecord` runs the same checks, so skipping this only delays
 * the error.
 *
 * @example
 * checkValidatorSpecs('User', [{ name: 'email', allowNull: false, validate: { isEmial: true } }]);
 * // TypeError: Unknown validator "isEmial" on User.email. Did you mean "isEmail"? Valid validators: is, not, ...
 */
export function checkValidatorSpecs(
  modelName: string,
  attributes: readonly AttributeValidationSpec[],
  modelValidators?: Record<string, ModelValidatorFn>,
): void {
  for (const attribute of attributes) {
    compileAttribute(modelName, attribute);
    if (attribute.typeCheck !== undefined && typeof attribute.typeCheck !== 'function') {
      throw new TypeError(`Invalid typeCheck on ${modelName}.${attribute.name}: expected a function`);
    }
  }
  if (modelValidators === undefined) return;
  const attributeNames = new Set(attributes.map((attribute) => attribute.name));
  for (const [name, fn] of Object.entries(modelValidators)) {
    if (typeof fn !== 'function') {
      throw new TypeError(`Model validator "${name}" on ${modelName} must be a function, got ${typeof fn}`);
    }
    checkCustomArity(modelName, name, fn, 0);
    if (attributeNames.has(name)) {
      // Its failures use its name as `path`; sharing an attribute's name would mix the two.
      throw new TypeError(`Model validator "${name}" on ${modelName} has the same name as an attribute; rename it`);
    }
  }
}

/** ` Did you mean "isEmail"?` for a near miss, or an empty string. */
function suggest(key: string): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of builtInValidatorNames) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(key.length / 3))
    ? ` Did you mean "${best}"?`
    : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}
