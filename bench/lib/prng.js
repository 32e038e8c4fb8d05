'use strict';
/** mulberry32: a tiny seeded PRNG, so every contestant gets exactly the same "random" inputs. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max], both inclusive. */
function intBetween(rng, min, max) {
  return min + Math.floor(rng() * (max - min + 1));
}

module.exports = { mulberry32, intBetween };
