import type { StrataOptions } from '../connection/options';
import { checkOptions } from './check-options';
import { CONNECTION_OPTIONS, DEFINE_OPTIONS } from './known-keys';

/**
 * Checks `new Strata(options)`: the connection's own keys, and the model defaults under
 * `define` (they become every model's options, so they are checked as define's).
 */
export function checkConnectionOptions(options: StrataOptions): void {
  checkOptions(CONNECTION_OPTIONS, options);
  checkOptions(DEFINE_OPTIONS, options.define, undefined, 'new Strata({ define })');
}
