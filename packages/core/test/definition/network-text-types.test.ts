import {
  CreationOptional,
  DataTypes,
  describeChange,
  diffModels,
  Model,
  ModelDefinitionError,
  Op,
  Strata,
  ValidationError,
} from '@strata/core';
import { describeEachDialect } from '../../../../test-support/dialects';

class Host extends Model {
  declare id: CreationOptional<number>;
  declare address: CreationOptional<string | null>;
  declare subnet: CreationOptional<string | null>;
  declare mac: CreationOptional<string | null>;
}
class Login extends Model {
  declare id: CreationOptional<number>;
  declare email: string;
}

describeEachDialect('CITEXT, INET, CIDR, MACADDR', (ctx) => {
  let db: Strata;
  beforeAll(() => {
    db = ctx.connect();
  });

  const network = {
    address: DataTypes.INET,
    subnet: DataTypes.CIDR,
    mac: DataTypes.MACADDR,
  };

  if (ctx.dialect !== 'postgres') {
    it('refuses INET, CIDR and MACADDR when the model is defined, naming model, attribute and dialect', () => {
      const dialectName = ctx.dialect === 'sqlite' ? 'SQLite' : 'MySQL';
      expect(() => Host.init(network, { strata: db })).toThrow(ModelDefinitionError);
      for (const [name, type] of [
        ['address', 'INET'],
        ['subnet', 'CIDR'],
        ['mac', 'MACADDR'],
      ]) {
        expect(() => Host.init(network, { strata: db })).toThrow(
          `Host.${name}: ${type} columns exist only on PostgreSQL; ${dialectName} has no ${type} type`,
        );
      }
    });
  } else {
    it('round-trips IPv4/IPv6 hosts and networks and MAC addresses as PostgreSQL prints them', async () => {
      Host.init(network, { strata: db, timestamps: false });
      await Host.sync({ force: true });
      const cases = [
        [{ address: '192.168.0.1', subnet: '10.0.0.0/8', mac: '08:00:2B:01:02:03' }, '08:00:2b:01:02:03'],
        [{ address: '10.1.2.3/24', subnet: '2001:db8::/32', mac: '08-00-2b-01-02-03' }, '08:00:2b:01:02:03'],
        [{ address: '::1', subnet: '192.168.100.128/25', mac: '0800.2b01.0203' }, '08:00:2b:01:02:03'],
        [{ address: '2001:db8::ff00:42:8329/64', subnet: '0.0.0.0/0', mac: '08002b010203' }, '08:00:2b:01:02:03'],
      ] as const;
      for (const [values, mac] of cases) {
        const created = await Host.create(values);
        const found = await Host.findByPk(created.get('id') as number);
        expect(found?.get({ plain: true })).toEqual({ id: created.get('id'), ...values, mac });
      }
      expect((await diffModels(db)).map(describeChange)).toEqual([]);
      const rows = await Host.findAll({ where: { address: '::1' } });
      expect(rows.map((row) => row.get('subnet'))).toEqual(['192.168.100.128/25']);
    });

    it('refuses malformed addresses before any SQL, naming the model and attribute', async () => {
      Host.init(network, { strata: db, timestamps: false });
      await Host.sync({ force: true });
      await expect(Host.create({ address: '300.1.1.1' })).rejects.toThrow(/Host\.address: .*is not an IP address/);
      await expect(Host.create({ address: '10.0.0.1/33' })).rejects.toThrow(/Host\.address: .*is not an IP address/);
      await expect(Host.create({ subnet: '10.0.0.0/8/8' })).rejects.toThrow(
        /Host\.subnet: .*is not an address\/prefix network/,
      );
      await expect(Host.create({ mac: '08:00:2b:01:02' })).rejects.toThrow(/Host\.mac: .*is not a MAC address/);
      await expect(Host.create({ mac: 8 } as never)).rejects.toThrow(/Host\.mac: expected MAC address string/);
      await expect(Host.create({ address: 'x' })).rejects.toBeInstanceOf(ValidationError);
      // A network with bits right of its mask is PostgreSQL's to refuse; nothing is written.
      await expect(Host.create({ subnet: '10.0.0.1/8' })).rejects.toThrow();
      expect(await Host.count()).toBe(0);
    });
  }

  if (ctx.dialect === 'mysql') {
    it('refuses CITEXT on MySQL, naming the model, attribute and what to use instead', () => {
      expect(() => Login.init({ email: DataTypes.CITEXT }, { strata: db })).toThrow(
        /Login\.email: CITEXT columns exist only on PostgreSQL and SQLite; on MySQL use STRING or TEXT/,
      );
    });
    return;
  }

  it('stores CITEXT text as written and compares it case-insensitively', async () => {
    if (ctx.dialect === 'postgres') await db.query('CREATE EXTENSION IF NOT EXISTS citext');
    Login.init({ email: { type: DataTypes.CITEXT, unique: true } }, { strata: db, timestamps: false });
    await Login.sync({ force: true });
    expect((await diffModels(db)).map(describeChange)).toEqual([]);
    await Login.create({ email: 'Ada@Example.COM' });
    await Login.create({ email: "o'Brien@example.com" });
    const found = await Login.findOne({ where: { email: 'ada@example.com' } });
    expect(found?.get('email')).toBe('Ada@Example.COM');
    expect(await Login.count({ where: { email: { [Op.in]: ["O'BRIEN@EXAMPLE.COM"] } } })).toBe(1);
    // The unique index compares the same way: a second spelling of one address is a duplicate.
    await expect(Login.create({ email: 'ADA@example.com' })).rejects.toThrow();
    await expect(Login.create({ email: { a: 1 } } as never)).rejects.toThrow(
      /Login\.email: expected string for CITEXT/,
    );
    expect(await Login.count()).toBe(2);
  });
});
