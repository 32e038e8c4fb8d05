/**
 * Says, once per process and message, that an option valid elsewhere means nothing on this
 * dialect (a row lock on SQLite, an index prefix length outside MySQL). Portable code keeps
 * running, which an error would prevent, yet the option is never dropped without a word. The
 * warning goes through Node's `process.emitWarning` (code STRATA_OPTION_IGNORED), so it is
 * printed once by default and can be listened to or silenced like any Node warning.
 */
const said = new Set<string>();

export function sayOptionIgnored(message: string): void {
  if (said.has(message)) return;
  said.add(message);
  process.emitWarning(message, { code: 'STRATA_OPTION_IGNORED' });
}
