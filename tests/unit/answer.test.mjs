// www/answer.js: an answer now (a value or a throw) is handed over at once; a promise's when it
// settles, marked `later` so the panel draws again.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answer } from '../../www/answer.js';

test('a plain value and a throw are handed over at once, not later', () => {
  const got = [];
  assert.equal(answer(() => 7, (error, value, later) => got.push([error, value, later])), false);
  assert.equal(answer(() => { throw new Error('bad'); }, (error, value, later) => got.push([error.message, value, later])), false);
  assert.deepEqual(got, [[null, 7, false], ['bad', null, false]]);
});

test('a promise is handed over when it settles, marked later', async () => {
  const got = [];
  const settled = new Promise((resolve) => {
    assert.equal(answer(() => Promise.resolve(3), (error, value, later) => { got.push([error, value, later]); }), true);
    assert.equal(answer(() => Promise.reject(Object.assign(new Error('closed'), { code: 'session_closed' })), (error, value, later) => {
      got.push([error.code, value, later]);
      resolve();
    }), true);
  });
  assert.deepEqual(got, [], 'nothing before the promises settle');
  await settled;
  assert.deepEqual(got, [[null, 3, true], ['session_closed', null, true]]);
});
