/**
 * The shapes a model definition uses to declare validation. Core builds these from
 * `Model.init`, `db.define` and the decorators; this package only reads them.
 */

/**
 * A custom validator: any function under an attribute's `validate` object.
 *
 * It is called with the attribute's value and `this` bound to the record being written,
 * so it can read other attributes (`this.age`). It fails by throwing (or by returning a
 * promise that rejects); whatever it returns is ignored, so `return false` does NOT fail.
 * The failure's message is the thrown error's message and its `validatorKey` is the key
 * the function was declared under.
 *
 * Trap: an arrow function has no `this` of its own; use a method or `function`.
 *
 * @example
 * validate: {
 *   isEven(value) {
 *     if (Number(value) % 2 !== 0) throw new Error('Only even values are allowed!');
 *   },
 * }
 */
// `this` is the caller's model instance, whose shape this package cannot know.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ValidatorFn = (this: any, value: unknown, ...rest: unknown[]) => unknown | Promise<unknown>;

/**
 * How a built-in validator is switched on, following Sequelize's argument rules:
 *
 * - `true`: on, with no argument (`isEmail: true`);
 * - a single non-array value: that one argument (`contains: 'foo'`, `max: 23`, `isUUID: 4`);
 * - an array: the argument list (`len: [2, 10]`, `is: ['^[a-z]+$', 'i']`). A single
 *   argument that is itself an array must be wrapped in another array:
 *   `isIn: [['a', 'b']]`;
 * - `{ args, msg }`: arguments as above plus a custom failure message;
 * - `{ msg }`: no argument, custom failure message;
 * - `false` (or `undefined`): off.
 *
 * The union collapses to `unknown` for the compiler; the rules are checked by
 * {@link checkValidatorSpecs} when a model is defined.
 */
export type ValidatorSpec = true | unknown | unknown[] | { args?: unknown; msg?: string } | { msg: string };

/** An attribute's `validate` object: built-in validators by name, custom validators as functions. */
export type AttributeValidators = { [validatorName: string]: ValidatorSpec | ValidatorFn };

/** What validation needs to know about one attribute. */
export interface AttributeValidationSpec {
  /** Attribute name; failures on this attribute use it as their `path`. */
  name: string;
  /**
   * `false`: a `null` or `undefined` value yields one `notNull violation` error and every
   * other validator of the attribute is skipped (custom message from `validate.notNull.msg`).
   * `true`: a null value skips the built-in validators, but custom validators still run.
   */
  allowNull: boolean;
  /** Built-in and custom validators for this attribute. */
  validate?: AttributeValidators;
  /**
   * Optional data-type check supplied by core. Called with every non-null value before the
   * validators; a non-null return is the failure message. It becomes a `Validation error`
   * item with `validatorKey: 'isOfType'`, and the attribute's other validators are skipped
   * (they would only report the same bad value again, less clearly).
   */
  typeCheck?: (value: unknown) => string | null;
}

/**
 * A model-wide validator: runs after the attribute validators with `this` bound to the
 * record, fails by throwing. Its failure's `path` and `validatorKey` are its own name.
 *
 * @example
 * validate: {
 *   bothCoordsOrNone() {
 *     if ((this.latitude === null) !== (this.longitude === null)) {
 *       throw new Error('Either both latitude and longitude, or neither!');
 *     }
 *   },
 * }
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ModelValidatorFn = (this: any) => unknown | Promise<unknown>;

/** One record to validate, as core is about to write it. */
export interface ValidateRecordInput {
  /** Model name, used in messages (`User.name cannot be null`). */
  modelName: string;
  /** Attribute name -> value as it will be written. A missing key counts as `undefined`. */
  values: Record<string, unknown>;
  /** Every attribute of the model, in declaration order (errors come out in this order). */
  attributes: AttributeValidationSpec[];
  /** Model-wide validators by name. */
  modelValidators?: Record<string, ModelValidatorFn>;
  /** `this` for custom and model validators; defaults to `values`. */
  instance?: object;
  /** Validate only these attributes (a partial update). Model validators still run. */
  fields?: string[];
  /** Skip these attributes, and model validators with these names. */
  skip?: string[];
  /**
   * Attributes whose `null`/`undefined` value is not a notNull violation because the
   * database fills them (auto-increment keys, columns with a database default). When such
   * a value is null the attribute is not validated at all; a non-null value is validated.
   */
  skipNullCheckFor?: string[];
  /**
   * Quote the failing value in built-in validators' default messages (`... failed for the
   * string "x"`). Off by default: messages are logged and shown, and the value may be a secret.
   * Core sets it from the model's `errorMessagesIncludeValues`.
   */
  messagesIncludeValues?: boolean;
}
