/**
 * `Symbol.metadata`, the key under which standard (TC39) decorators leave a class's decorator
 * metadata. Node 20 does not define it yet, and TypeScript's emitted helpers then pass
 * `context.metadata: undefined`, so members could not be tied to their class until a class
 * decorator runs. Importing @strata/annotations therefore defines it, as TypeScript's 5.2
 * release notes suggest, with the registry key `Symbol.for('Symbol.metadata')`: the same symbol
 * esbuild (tsx) and Babel fall back to, so classes compiled by any of them agree. A runtime that
 * defines `Symbol.metadata` itself keeps its own, and the definition stays configurable, so a
 * polyfill loaded later may replace it (hence {@link metadataSymbol} reads it each time).
 */
const symbolConstructor = Symbol as unknown as { metadata?: symbol };
if (typeof symbolConstructor.metadata !== 'symbol') {
  Object.defineProperty(Symbol, 'metadata', {
    value: Symbol.for('Symbol.metadata'),
    configurable: true,
    enumerable: false,
    writable: false,
  });
}

/** The symbol standard decorators store a class's metadata under now (see above). */
export function metadataSymbol(): symbol {
  return symbolConstructor.metadata ?? Symbol.for('Symbol.metadata');
}
