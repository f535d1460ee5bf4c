// What `import t from 'tap'` gives a test file that runs in a group (see test-groups.mjs): the
// subtest that stands for the file, in place of tap's root. So a file's tests, hooks (before,
// teardown) and timeouts stay its own, and its TAP comes out as one top-level subtest.
import tap from 'tap';

let current = tap;

/** Makes `t` the test that the next imported file's top-level `t` stands for. */
export function enter(t) {
  current = t;
}

export default new Proxy(
  {},
  {
    get(_, key) {
      const value = current[key];
      return typeof value === 'function' ? value.bind(current) : value;
    },
    set(_, key, value) {
      current[key] = value;
      return true;
    },
    has: (_, key) => key in current,
  },
);
