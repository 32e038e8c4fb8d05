import 'reflect-metadata';
import { Association, DataTypes, HasMany as HasManyAssociation, Model, type CreationOptional } from '@strata/core';
import { BelongsTo, BelongsToMany, Column, ForeignKey, HasMany, Is, Sequelize, Table } from '@strata/annotations';
import { describeEachDialect } from '../../../test-support/dialects';

// More of what sequelize-typescript code does, moved over by changing the imports only.

@Table({ timestamps: false })
class Club extends Model {
  declare id: CreationOptional<number>;
  @Column declare name: string;
  @HasMany(() => Member) declare members?: Member[];
  // Through given inside the options (a table Strata defines), with both keys named.
  @BelongsToMany(() => Sponsor, {
    through: 'club_sponsors',
    foreignKey: 'clubId',
    otherKey: 'sponsorId',
    as: 'backers',
  })
  declare backers?: Sponsor[];
  // Through as { model, scope }: only join rows with this kind belong to the association.
  @BelongsToMany(() => Sponsor, { through: { model: () => Sponsorship, scope: { kind: 'gold' } } })
  declare goldSponsors?: Sponsor[];
}

@Table({ timestamps: false })
class Member extends Model {
  declare id: CreationOptional<number>;
  @Column declare name: string;
  @ForeignKey(() => Club) @Column(DataTypes.INTEGER) declare clubId: number | null;
  @BelongsTo(() => Club) declare club?: Club;
}

@Table({ timestamps: false })
class Sponsor extends Model {
  declare id: CreationOptional<number>;
  @Column declare name: string;
}

@Table({ timestamps: false })
class Sponsorship extends Model {
  @ForeignKey(() => Club) @Column(DataTypes.INTEGER) declare clubId: number;
  @ForeignKey(() => Sponsor) @Column(DataTypes.INTEGER) declare sponsorId: number;
  @Column(DataTypes.STRING) declare kind: string;
}

/** A class declared before any clock is faked: its design:type is the real Date. */
@Table({ timestamps: false })
class Match extends Model {
  declare id: CreationOptional<number>;
  @Column declare playedAt: Date;
  @Column({ type: DataTypes.STRING, defaultValue: DataTypes.UUIDV1 }) declare ticket: CreationOptional<string>;
}

@Table({ timestamps: false })
class Fan extends Model {
  declare id: CreationOptional<number>;
  @Column declare name: string;
  @HasMany(() => Scarf) declare scarves?: Scarf[];
}

@Table({ timestamps: false })
class Scarf extends Model {
  declare id: CreationOptional<number>;
  @Column declare colour: string;
  @ForeignKey(() => Fan) @Column(DataTypes.INTEGER) declare fanId: number | null;
}

function connect(url: string, options: ConstructorParameters<typeof Sequelize>[1] = {}): Sequelize {
  return new Sequelize(url.includes('://') ? url : `sqlite:${url}`, options);
}

describeEachDialect('sequelize-typescript compatibility, continued', (ctx) => {
  describe('on one connection', () => {
    let sequelize: Sequelize;
    beforeAll(async () => {
      sequelize = connect(ctx.url, { models: [Club, Member, Sponsor, Sponsorship] });
      await sequelize.sync({ force: true });
    });
    afterAll(() => sequelize.close());

    it('takes @BelongsToMany with through in its options, as a name or as { model, scope }', async () => {
      expect(Object.keys(Club.associations)).toEqual(expect.arrayContaining(['members', 'backers', 'goldSponsors']));
      const club = await Club.create({ name: 'Rovers' });
      const acme = await Sponsor.create({ name: 'Acme' });
      const zeta = await Sponsor.create({ name: 'Zeta' });
      await club.$add('backers', [acme, zeta]);
      expect((await club.$get('backers')).map((sponsor) => sponsor.name).sort()).toEqual(['Acme', 'Zeta']);
      await club.$add('goldSponsors', acme);
      const joinRows = await Sponsorship.findAll();
      expect(joinRows.map((row) => row.kind)).toEqual(['gold']);
    });

    it("finds a helper's association by the accessor's singular name too ($add('member') is addMember)", async () => {
      const club = await Club.create({ name: 'United' });
      const member = await Member.create({ name: 'Ann' });
      // The helpers' types name association properties; the accessor names are a runtime courtesy.
      const helpers = club as unknown as {
        $add(name: string, value: unknown): Promise<unknown>;
        $has(name: string, value: unknown): Promise<boolean>;
      };
      await helpers.$add('member', member);
      expect(await helpers.$has('member', member)).toBe(true);
      await expect(helpers.$add('nothing', member)).rejects.toThrow(/nothing is not associated to Club/);
    });

    it('reaches the association classes as statics of Association, and the attributes as rawAttributes', () => {
      expect(Club.associations.members).toBeInstanceOf((Association as unknown as Record<string, unknown>).HasMany);
      expect((Association as unknown as Record<string, unknown>).HasMany).toBe(HasManyAssociation);
      expect(Object.keys(Member.rawAttributes)).toEqual(Object.keys(Member.getAttributes()));
      expect(Member.options.timestamps).toBe(false);
    });

    it('builds the where helpers as Sequelize statics: and, or, fn, col', async () => {
      await Member.bulkCreate([{ name: 'Bo' }, { name: 'Cy' }]);
      const found = await Member.findAll({
        where: Sequelize.or({ name: 'Bo' }, Sequelize.and({ name: 'Cy' }, { clubId: null })),
        order: [['name', 'ASC']],
      });
      expect(found.map((member) => member.name)).toEqual(['Bo', 'Cy']);
      const [row] = await Member.findAll({
        attributes: [[Sequelize.fn('lower', Sequelize.col('name')), 'lowered']],
        where: { name: 'Bo' },
        raw: true,
      });
      expect(row).toEqual({ lowered: 'bo' });
    });
  });

  describe('a date column of a class declared before the clock was faked', () => {
    let sequelize: Sequelize;
    afterAll(() => sequelize.close());

    it('is still inferred as DATE while a fake Date is installed, and UUIDV1 defaults are time-based UUIDs', async () => {
      jest.useFakeTimers({ now: new Date('2020-01-02T03:04:05Z') });
      try {
        sequelize = connect(ctx.url, { models: [Match] });
        expect(Match.getAttributes().playedAt.type.key).toBe('DATE');
      } finally {
        jest.useRealTimers();
      }
      await sequelize.sync({ force: true });
      const first = await Match.create({ playedAt: new Date('2021-05-06T07:08:09Z') });
      const second = Match.build({ playedAt: new Date() });
      expect(first.ticket).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(second.ticket).not.toBe(first.ticket);
      expect((await Match.findByPk(first.id))?.playedAt).toEqual(new Date('2021-05-06T07:08:09Z'));
    });
  });

  describe('repository mode', () => {
    let first: Sequelize;
    let second: Sequelize;
    beforeAll(async () => {
      first = connect(ctx.url, { repositoryMode: true, models: [Fan, Scarf] });
      await first.sync({ force: true });
    });
    afterAll(async () => {
      await first.close();
      await second?.close();
    });

    it('leaves the decorated classes uninitialised and gives the connection its own models', async () => {
      expect(Fan.isInitialized).toBe(false);
      const fans = first.getRepository(Fan);
      expect(fans.isInitialized).toBe(true);
      expect(fans.name).toBe('Fan');
      const fan = await fans.create(
        { name: 'Dee', scarves: [{ colour: 'red' }] },
        { include: [first.getRepository(Scarf)] },
      );
      expect(fan).toBeInstanceOf(Fan);
      const [loaded] = await fans.findAll({ include: ['scarves'] });
      expect(loaded.scarves?.map((scarf) => scarf.colour)).toEqual(['red']);
      expect(loaded.scarves?.[0]).toBeInstanceOf(first.getRepository(Scarf));
    });

    it('lets a second connection hold the same classes without sharing them', () => {
      second = new Sequelize({ dialect: 'sqlite', storage: ':memory:', repositoryMode: true, models: [Fan, Scarf] });
      expect(second.getRepository(Fan)).not.toBe(first.getRepository(Fan));
      expect(() => new Sequelize({ dialect: 'sqlite', storage: ':memory:' }).getRepository(Fan)).toThrow(
        /repositoryMode/,
      );
    });
  });
});

describe('sequelize-typescript connection options', () => {
  it('opens no database for validateOnly, yet builds and validates instances', async () => {
    @Table({ timestamps: false })
    class Draft extends Model {
      @Is(function shortTitle(value: unknown) {
        if (typeof value === 'string' && value.length > 5) throw new Error('too long');
      })
      @Column
      declare title: string;
    }
    const sequelize = new Sequelize({ validateOnly: true, models: [Draft] });
    await expect(Draft.build({ title: 'way too long' }).validate()).rejects.toThrow(/too long/);
    await sequelize.close();
  });

  it('does not touch a sqlite file until the first query (a missing directory fails then)', async () => {
    const sequelize = new Sequelize('sqlite://root@localhost/no-such-directory/db');
    expect(sequelize.options.dialect).toBe('sqlite');
    await expect(sequelize.authenticate()).rejects.toThrow(/directory does not exist/);
    await sequelize.close();
  });

  it("says 'Model not initialized' of a class used before it is added", () => {
    @Table
    class Loose extends Model {}
    expect(() => new Loose()).toThrow(/^Model not initialized: Loose is not initialised/);
  });

  it("requires a name for @Is's function, in Sequelize's words", () => {
    expect(() => Is(() => undefined)).toThrow(/^Passed validator function must have a name/);
  });
});
