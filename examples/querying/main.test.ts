import { main } from './main';

describe('example: querying', () => {
  it("runs Sequelize's findOrCreate and bulkCreate cases on SQLite", async () => {
    const lines: string[] = [];
    await main((line) => lines.push(line));
    expect(lines).toEqual([
      'findOrCreate: sdepold, Technical Lead JavaScript, created=true',
      'findOrCreate again: sdepold, Technical Lead JavaScript, created=false',
      'bulkCreate with fields: 3 users, 0 admins',
      'bulkCreate refused a duplicate: UniqueConstraintError, 3 users',
      'bulkCreate refused an invalid row: username',
      'with a job: sdepold',
      "refused: User: where.job uses the string operator '$ne'",
      'upsert: foo is now Engineer (id 2)',
      'expression value: ENGINEER',
      'nest: {"user":{"id":1,"name":"sdepold"}}',
      'page: sdepold, foo of 3',
      'compiled: select `users`.`id`, `users`.`username`, `users`.`job`, `users`.`admin`, `users`.`createdAt`, ' +
        '`users`.`updatedAt` from `users` where `users`.`job` LIKE ? limit cast(? as integer) ["Tech%",1]',
    ]);
  });
});
