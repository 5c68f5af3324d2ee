/**
 * The listeners of a store. `onFirst` runs when the first one arrives, and
 * the function it returns when the last one leaves, so a store holds a
 * connection or a timer only while someone listens.
 */
export function createListeners<Args extends unknown[] = []>(onFirst?: () => () => void) {
  const all = new Set<(...args: Args) => void>();
  let release: (() => void) | undefined;
  return {
    add(listener: (...args: Args) => void): () => void {
      // An entry of its own per call, so a listener added twice is removed once per call.
      const entry = (...args: Args) => listener(...args);
      all.add(entry);
      if (all.size === 1) release = onFirst?.();
      return () => {
        if (!all.delete(entry) || all.size > 0) return;
        const done = release;
        release = undefined;
        done?.();
      };
    },
    notify(...args: Args) {
      for (const listener of [...all]) listener(...args);
    },
    get size() {
      return all.size;
    },
  };
}
