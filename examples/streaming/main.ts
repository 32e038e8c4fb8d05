/**
 * Streaming rows with findEach: every customer with all of its orders, read 500 customers at a
 * time (the orders of each batch in one query), so memory holds one batch however many
 * customers there are; then leaving a loop early, which gives the connection back at once.
 * On SQLite in memory. Run with `pnpm examples` (or `node examples/dist/streaming/main.js`).
 */
import 'reflect-metadata';
import { DataTypes, Model, Strata, type CreationOptional } from '@strata/core';
import { AllowNull, BelongsTo, Column, ForeignKey, HasMany, Table } from '@strata/annotations';

@Table({ tableName: 'customers', timestamps: false })
export class Customer extends Model {
  declare id: CreationOptional<number>;
  @AllowNull(false) @Column(DataTypes.STRING) declare name: string;
  @HasMany(() => Order, 'customerId') declare orders?: Order[];
}

@Table({ tableName: 'orders', timestamps: false })
export class Order extends Model {
  declare id: CreationOptional<number>;
  @ForeignKey(() => Customer) @AllowNull(false) @Column(DataTypes.INTEGER) declare customerId: number;
  @AllowNull(false) @Column(DataTypes.INTEGER) declare cents: number;
  @BelongsTo(() => Customer, 'customerId') declare customer?: Customer;
}

export async function main(log: (line: string) => void = console.log): Promise<void> {
  const db = new Strata({ dialect: 'sqlite', storage: ':memory:', models: [Customer, Order] });
  await db.sync();
  const customers = await Customer.bulkCreate(Array.from({ length: 2000 }, (_, i) => ({ name: `customer ${i + 1}` })));
  // Customer n has n % 3 orders of 100 cents each.
  await Order.bulkCreate(
    customers.flatMap((customer) =>
      Array.from({ length: customer.id % 3 }, () => ({ customerId: customer.id, cents: 100 })),
    ),
  );

  let seen = 0;
  let cents = 0;
  let withoutOrders = 0;
  for await (const customer of Customer.findEach({ include: ['orders'], order: [['id', 'ASC']], batchSize: 500 })) {
    seen += 1;
    if (customer.orders!.length === 0) withoutOrders += 1;
    for (const order of customer.orders!) cents += order.cents;
  }
  log(`streamed ${seen} customers, ${withoutOrders} without orders, ${cents / 100} in orders`);

  // Leaving the loop early closes the statement and gives the one SQLite connection back.
  let firstBig: string | undefined;
  for await (const order of Order.findEach({ include: ['customer'], order: [['id', 'ASC']] })) {
    if (order.customerId > 1000) {
      firstBig = order.customer!.name;
      break;
    }
  }
  log(`first order of a customer past 1000: ${firstBig}; orders in all: ${await Order.count()}`);
  await db.close();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
