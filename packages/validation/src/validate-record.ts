/**
 * Validating one record: the attribute validators, then the model-wide validators, every
 * failure collected.
 */
import { describeValue } from './describe-value';
import type { AttributeValidationSpec, ModelValidatorFn, ValidateRecordInput } from './types';
import { ValidationError, ValidationErrorItem } from './validation-error';
import { compileAttribute, type CompiledCustom } from './validators/compile';

/**
 * Validates a record as it is about to be written and resolves to every failure (an empty
 * array when it is valid). Never rejects for a validation failure; it rejects only for a
 * broken definition (an unknown validator name, a bad argument), with a `TypeError`.
 *
 * Order of work, as in Sequelize:
 * 1. each attribute (all of them, or only `fields`, minus `skip`):
 *    - `null`/`undefined` with `allowNull: false`: one `notNull violation`, nothing else runs
 *      for it (unless listed in `skipNullCheckFor`, which skips the attribute);
 *    - `null`/`undefined` with `allowNull: true`: built-in validators are skipped, custom
 *      validators still run (so they can forbid null conditionally);
 *    - otherwise the type check, then every built-in and custom validator;
 * 2. the model-wide validators, with `this` bound to the record, after all attribute
 *    validators have settled.
 *
 * Custom and model validators may be async; those of one step run concurrently. Errors come
 * back in declaration order whatever order they settle in.
 *
 * Trap: pass every attribute in `attributes` even for a partial update, and restrict with
 * `fields`; a missing value counts as `undefined`, which fails `allowNull: false`.
 *
 * @example
 * const errors = await validateRecord({
 *   modelName: 'User',
 *   values: { email: 'nope', name: null },
 *   attributes: [
 *     { name: 'email', allowNull: false, validate: { isEmail: true } },
 *     { name: 'name', allowNull: false },
 *   ],
 * });
 * errors.map((e) => `${e.path}:${e.validatorKey}`); // ['email:isEmail', 'name:notNull']
 */
export async function validateRecord(input: ValidateRecordInput): Promise<ValidationErrorItem[]> {
  const context = new RecordContext(input);
  const attributes = input.attributes.filter((attribute) => context.includes(attribute.name));
  const perAttribute = await Promise.all(attributes.map((attribute) => validateAttribute(context, attribute)));
  const perModel = await runModelValidators(context, input.modelValidators);
  return perAttribute.flat().concat(perModel);
}

/**
 * Validates a record and throws a {@link ValidationError} listing every failure; resolves
 * to nothing when the record is valid. Core calls this before every write.
 *
 * @example
 * await assertValid({ modelName: 'User', values, attributes }); // throws ValidationError
 */
export async function assertValid(input: ValidateRecordInput): Promise<void> {
  const errors = await validateRecord(input);
  if (errors.length > 0) throw new ValidationError(undefined, errors, { modelName: input.modelName });
}

/** What every validator of one record shares. */
class RecordContext {
  readonly modelName: string;
  readonly values: Record<string, unknown>;
  /** `this` for custom and model validators. */
  readonly thisArg: object;
  readonly instance: object | null;
  readonly messagesIncludeValues: boolean;
  private readonly fields: ReadonlySet<string> | undefined;
  private readonly skip: ReadonlySet<string>;
  private readonly skipNullCheck: ReadonlySet<string>;

  constructor(input: ValidateRecordInput) {
    this.modelName = input.modelName;
    this.values = input.values;
    this.thisArg = input.instance ?? input.values;
    this.instance = input.instance ?? null;
    this.messagesIncludeValues = input.messagesIncludeValues === true;
    this.fields = input.fields === undefined ? undefined : new Set(input.fields);
    this.skip = new Set(input.skip);
    this.skipNullCheck = new Set(input.skipNullCheckFor);
  }

  /** Whether the attribute is validated in this call. */
  includes(name: string): boolean {
    return !this.skip.has(name) && (this.fields === undefined || this.fields.has(name));
  }

  /** Whether the model validator runs in this call (`skip` applies to it; `fields` does not). */
  runsModelValidator(name: string): boolean {
    return !this.skip.has(name);
  }

  skipsNullCheck(name: string): boolean {
    return this.skipNullCheck.has(name);
  }

  valueOf(name: string): unknown {
    // Own properties only: an attribute called `constructor` must not read Object's.
    return Object.prototype.hasOwnProperty.call(this.values, name) ? this.values[name] : undefined;
  }
}

async function validateAttribute(
  context: RecordContext,
  attribute: AttributeValidationSpec,
): Promise<ValidationErrorItem[]> {
  const compiled = compileAttribute(context.modelName, attribute);
  const path = attribute.name;
  const value = context.valueOf(path);

  if (value === null || value === undefined) {
    if (attribute.allowNull === false) {
      if (context.skipsNullCheck(path)) return [];
      return [
        new ValidationErrorItem({
          message: compiled.notNullMsg ?? `${context.modelName}.${path} cannot be null`,
          type: 'notNull violation',
          path,
          value,
          validatorKey: 'notNull',
          validatorName: 'notNull',
          instance: context.instance,
        }),
      ];
    }
    if (!compiled.hasCustom) return [];
    const customs = compiled.validators.filter((validator): validator is CompiledCustom => validator.kind === 'custom');
    return collect(customs.map((validator) => runCustom(context, validator, path, value)));
  }

  if (attribute.typeCheck !== undefined) {
    const message = attribute.typeCheck(value);
    if (message !== null && message !== undefined) {
      return [
        new ValidationErrorItem({
          message: message === '' ? `Validation isOfType on ${path} failed` : message,
          type: 'Validation error',
          path,
          value,
          validatorKey: 'isOfType',
          instance: context.instance,
        }),
      ];
    }
  }

  return collect(
    compiled.validators.map((validator) => {
      if (validator.kind === 'custom') return runCustom(context, validator, path, value);
      if (validator.test(value)) return undefined;
      return new ValidationErrorItem({
        message: validator.msg ?? defaultFailureMessage(context, validator.key, path, value),
        type: 'Validation error',
        path,
        value,
        validatorKey: validator.key,
        validatorName: validator.key,
        validatorArgs: [...validator.args],
        instance: context.instance,
      });
    }),
  );
}

/** `Validation isEmail on email failed`, naming the value only when the model opted in. */
function defaultFailureMessage(context: RecordContext, key: string, path: string, value: unknown): string {
  const plain = `Validation ${key} on ${path} failed`;
  return context.messagesIncludeValues ? `${plain} for ${describeValue(value, true)}` : plain;
}

type Outcome = ValidationErrorItem | undefined;

async function collect(outcomes: Array<Outcome | Promise<Outcome>>): Promise<ValidationErrorItem[]> {
  const settled = await Promise.all(outcomes);
  return settled.filter((item): item is ValidationErrorItem => item !== undefined);
}

async function runCustom(
  context: RecordContext,
  validator: CompiledCustom,
  path: string,
  value: unknown,
): Promise<Outcome> {
  try {
    await validator.fn.call(context.thisArg, value);
    return undefined;
  } catch (thrown) {
    return failureItem(context, thrown, { path, value, validatorKey: validator.key, scope: 'attribute' });
  }
}

async function runModelValidators(
  context: RecordContext,
  modelValidators: Record<string, ModelValidatorFn> | undefined,
): Promise<ValidationErrorItem[]> {
  if (modelValidators === undefined) return [];
  const runs = Object.entries(modelValidators)
    .filter(([name]) => context.runsModelValidator(name))
    .map(async ([name, fn]): Promise<Outcome> => {
      if (typeof fn !== 'function') {
        throw new TypeError(`Model validator "${name}" on ${context.modelName} must be a function, got ${typeof fn}`);
      }
      try {
        await fn.call(context.thisArg);
        return undefined;
      } catch (thrown) {
        return failureItem(context, thrown, { path: name, value: null, validatorKey: name, scope: 'model' });
      }
    });
  return collect(runs);
}

/** A failed custom or model validator: its message is what it threw. */
function failureItem(
  context: RecordContext,
  thrown: unknown,
  where: { path: string; value: unknown; validatorKey: string; scope: 'attribute' | 'model' },
): ValidationErrorItem {
  return new ValidationErrorItem({
    ...where,
    message: messageOf(thrown),
    type: 'Validation error',
    validatorName: null,
    original: thrown instanceof Error ? thrown : undefined,
    instance: context.instance,
  });
}

function messageOf(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message || 'Validation error';
  if (typeof thrown === 'string' && thrown !== '') return thrown;
  if (typeof thrown === 'object' && thrown !== null && typeof (thrown as { message?: unknown }).message === 'string') {
    return (thrown as { message: string }).message;
  }
  return 'Validation error';
}
