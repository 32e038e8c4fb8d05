import * as validation from '../src';
import * as viaWorkspaceName from '@strata/validation';

describe('@strata/validation exports', () => {
  it('exports exactly the public API', () => {
    expect(Object.keys(validation).sort()).toEqual(
      [
        'ValidationError',
        'ValidationErrorItem',
        'assertValid',
        'builtInValidators',
        'checkValidatorSpecs',
        'describeValue',
        'validateRecord',
      ].sort(),
    );
  });

  it('resolves under its package name', () => {
    expect(viaWorkspaceName.ValidationError).toBe(validation.ValidationError);
  });

  it('builtInValidators is frozen and lists Sequelize’s documented validators in order', () => {
    expect(Object.isFrozen(validation.builtInValidators)).toBe(true);
    expect(Object.isFrozen(validation.builtInValidators[0])).toBe(true);
    expect(validation.builtInValidators.map((v) => v.name)).toEqual([
      'is',
      'not',
      'isEmail',
      'isUrl',
      'isIP',
      'isIPv4',
      'isIPv6',
      'isAlpha',
      'isAlphanumeric',
      'isNumeric',
      'isInt',
      'isFloat',
      'isDecimal',
      'isLowercase',
      'isUppercase',
      'notNull',
      'isNull',
      'notEmpty',
      'equals',
      'contains',
      'notIn',
      'isIn',
      'notContains',
      'len',
      'isUUID',
      'isDate',
      'isAfter',
      'isBefore',
      'max',
      'min',
      'isCreditCard',
    ]);
    for (const row of validation.builtInValidators) {
      expect(Object.keys(row)).toEqual(['name', 'decorator', 'argument', 'description', 'example']);
      expect(row.decorator).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(row.example.startsWith(`${row.name}: `)).toBe(true);
    }
    expect(validation.builtInValidators.find((v) => v.name === 'len')!.decorator).toBe('Length');
  });
});
