/**
 * State a page or component keeps for itself but never renders (timers,
 * request counters, the full list behind a paged view). Kept out of `data` so
 * setData stays small, and typed, which fields on `this` would not be.
 */
export function instanceState<S>(init: () => S): (instance: object) => S {
  const states = new WeakMap<object, S>();
  return (instance) => {
    let state = states.get(instance);
    if (!state) {
      state = init();
      states.set(instance, state);
    }
    return state;
  };
}
