// One way for a panel to take an answer that may come now (computed on this thread) or later
// (a promise from the files' session in the worker).

/**
 * Call `ask()` and hand the outcome to `done(error, value, later)`: at once for a plain value
 * or a throw (`later` false), when it settles for a promise (`later` true: draw again then).
 * Returns true when the answer comes later.
 */
export function answer(ask, done) {
  let value;
  try {
    value = ask();
  } catch (error) {
    done(error, null, false);
    return false;
  }
  if (!value || typeof value.then !== 'function') {
    done(null, value, false);
    return false;
  }
  value.then((v) => done(null, v, true), (error) => done(error, null, true));
  return true;
}
