/**
 * Bank transfer: money moves between two accounts inside one transaction. A transfer that
 * would overdraw an account throws, and the transaction undoes the half that already ran.
 * Run with `pnpm examples` (or `node examples/dist/bank-transfer/main.js`).
 */
import { DataTypes, Model, Strata, type CreationOptional } from '@strata/core';

export class Account extends Model {
  declare id: CreationOptional<number>;
  declare owner: string;
  declare balance: number;
}

export class Transfer extends Model {
  declare id: CreationOptional<number>;
  declare fromId: number;
  declare toId: number;
  declare amount: number;
}

export class InsufficientFunds extends Error {}

/**
 * Moves `amount` from one account to another. Every query inside the callback runs in the
 * transaction without being passed `{ transaction }`; `lock: true` keeps two transfers from
 * reading the same balance at once on PostgreSQL and MySQL (SQLite runs one writer at a time).
 */
export function transfer(db: Strata, fromId: number, toId: number, amount: number): Promise<Transfer> {
  return db.transaction(async () => {
    const from = await Account.findByPk(fromId, { lock: true, rejectOnEmpty: true });
    const to = await Account.findByPk(toId, { lock: true, rejectOnEmpty: true });
    await to!.update({ balance: to!.balance + amount });
    // The credit above is already written; throwing now rolls it back with everything else.
    if (from!.balance < amount) throw new InsufficientFunds(`${from!.owner} has only ${from!.balance}`);
    await from!.update({ balance: from!.balance - amount });
    return Transfer.create({ fromId, toId, amount });
  });
}

export async function main(log: (line: string) => void = console.log): Promise<void> {
  const db = new Strata({ dialect: 'sqlite', storage: ':memory:' });
  Account.init(
    {
      owner: { type: DataTypes.STRING, allowNull: false },
      balance: { type: DataTypes.INTEGER, allowNull: false, validate: { min: 0 } },
    },
    { strata: db, tableName: 'accounts' },
  );
  Transfer.init(
    {
      fromId: { type: DataTypes.INTEGER, allowNull: false },
      toId: { type: DataTypes.INTEGER, allowNull: false },
      amount: { type: DataTypes.INTEGER, allowNull: false, validate: { min: 1 } },
    },
    { strata: db, tableName: 'transfers' },
  );
  await db.sync();
  const balances = async (): Promise<string> =>
    (await Account.findAll({ order: [['id', 'ASC']] })).map((a) => `${a.owner} ${a.balance}`).join(', ');

  const alice = await Account.create({ owner: 'Alice', balance: 100 });
  const bob = await Account.create({ owner: 'Bob', balance: 20 });
  log(`before: ${await balances()}`);

  await transfer(db, alice.id, bob.id, 30);
  log(`after Alice sends Bob 30: ${await balances()}`);

  try {
    await transfer(db, bob.id, alice.id, 500);
  } catch (error) {
    if (!(error instanceof InsufficientFunds)) throw error;
    log(`refused: ${error.message}`);
  }
  log(`after the refused transfer: ${await balances()}`);
  log(`transfers recorded: ${await Transfer.count()}`);
  await db.close();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
