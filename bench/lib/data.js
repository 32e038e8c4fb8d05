'use strict';
/**
 * Deterministic test data. The same seed gives the same users and posts to every contestant.
 * Names are 6 random lower-case letters (so about 1 in 26 starts with "a", which W7 filters on);
 * ages are uniform in 18..80.
 */
const { mulberry32, intBetween } = require('./prng');

const SEED = 20241122;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** The timestamp that raw seeding writes; SQLite's own datetime text format, read as UTC. */
const SEED_TIME_TEXT = '2024-01-01 00:00:00.000';
const SEED_TIME = new Date('2024-01-01T00:00:00.000Z');

function makeName(rng) {
  let name = '';
  for (let i = 0; i < 6; i += 1) name += LETTERS[Math.floor(rng() * 26)];
  return name;
}

/** n users { email, name, age }; `tag` keeps emails of different data sets apart. */
function makeUsers(n, tag = 'u', seed = SEED) {
  const rng = mulberry32(seed);
  const users = new Array(n);
  for (let i = 0; i < n; i += 1) {
    users[i] = { email: `${tag}${i + 1}@bench.test`, name: makeName(rng), age: intBetween(rng, 18, 80) };
  }
  return users;
}

/** perUser posts for each user id 1..userCount; titles encode their owner for the proofs. */
function makePosts(userCount, perUser) {
  const posts = [];
  for (let userId = 1; userId <= userCount; userId += 1) {
    for (let k = 1; k <= perUser; k += 1) {
      posts.push({
        userId,
        title: `post ${userId}-${k}`,
        body: `body of post ${k} by user ${userId}`,
        published: k % 2 === 0,
      });
    }
  }
  return posts;
}

/** n ids drawn uniformly from 1..max with the shared seed (W4). */
function randomIds(n, max, seed = SEED + 4) {
  const rng = mulberry32(seed);
  const ids = new Array(n);
  for (let i = 0; i < n; i += 1) ids[i] = intBetween(rng, 1, max);
  return ids;
}

module.exports = { SEED, SEED_TIME, SEED_TIME_TEXT, makeUsers, makePosts, randomIds };
