/** How many statements one connection keeps prepared at most (the rest run unnamed). */
export const MAX_PREPARED_PER_CONNECTION = 256;

/** A statement as pg's `client.query` takes it: named when it is one of the connection's prepared ones. */
export interface StatementConfig {
  text: string;
  values: unknown[];
  name?: string;
}

/** What one connection (pg client) has prepared, and the statements it has seen once. */
interface ClientStatements {
  readonly named: Map<string, string>;
  readonly seenOnce: Set<string>;
}

/**
 * PostgreSQL named prepared statements for repeated statement shapes, behind
 * `dialectOptions: { preparedStatements: true }` (off by default).
 *
 * With a name, pg parses a statement once per connection and afterwards sends only Bind and
 * Execute, so the server skips parsing and planning the text again (Strata compiles one SQL text
 * per query shape, so a hot findByPk or update repeats exactly). A statement is named the second
 * time a connection sends it, so one-off texts (DDL, a cursor's DECLARE, IN lists of a new
 * length) never take server memory, and each connection names at most
 * MAX_PREPARED_PER_CONNECTION of them; they live as long as the connection.
 *
 * Off by default because a named statement is prepared on one server connection: behind a
 * pooler in transaction mode that hands each transaction a different server connection
 * (PgBouncer before 1.21), the next Bind can reach a connection that never saw the Parse and
 * fails with "prepared statement does not exist".
 */
export class PreparedStatements {
  private readonly clients = new WeakMap<object, ClientStatements>();
  private counter = 0;

  constructor(readonly enabled: boolean) {}

  /**
   * The `preparedStatements` entry of the dialect options (pg ignores the key, so the options go
   * to the pool as they are); anything but a boolean is refused.
   */
  static fromDialectOptions(dialectOptions: Record<string, unknown> | undefined): PreparedStatements {
    const option = dialectOptions?.preparedStatements;
    if (option !== undefined && typeof option !== 'boolean') {
      throw new TypeError(`dialectOptions.preparedStatements must be true or false (got ${typeof option})`);
    }
    return new PreparedStatements(option === true);
  }

  /** The query config for `sql` on `client`: named once the client has sent the same text before. */
  config(client: object, sql: string, bindings: readonly unknown[]): StatementConfig {
    const values = bindings as unknown[];
    if (!this.enabled || bindings.length === 0) return { text: sql, values };
    let statements = this.clients.get(client);
    if (!statements) {
      statements = { named: new Map(), seenOnce: new Set() };
      this.clients.set(client, statements);
    }
    const name = statements.named.get(sql);
    if (name) return { name, text: sql, values };
    if (statements.named.size >= MAX_PREPARED_PER_CONNECTION) return { text: sql, values };
    if (!statements.seenOnce.has(sql)) {
      // Bounded like the named ones: a flood of one-off texts must not grow it without end.
      if (statements.seenOnce.size >= MAX_PREPARED_PER_CONNECTION * 4) statements.seenOnce.clear();
      statements.seenOnce.add(sql);
      return { text: sql, values };
    }
    statements.seenOnce.delete(sql);
    const named = `strata_${++this.counter}`;
    statements.named.set(sql, named);
    return { name: named, text: sql, values };
  }
}
