/**
 * Starts timing this thread's event loop: `stop()` returns the longest gap between ticks (the
 * gap still open when it stops included), which is how long the thread froze meanwhile.
 */
export function stallMeter(intervalMs = 10): { stop(): number } {
  let last = performance.now();
  let longest = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, intervalMs);
  return {
    stop() {
      clearInterval(tick);
      return Math.max(longest, performance.now() - last);
    },
  };
}
