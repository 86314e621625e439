/**
 * Runs each contender `calls` times, alternating call by call so that load from anything else on
 * the machine hits all alike, and returns each one's trimmed mean in µs per call (the slowest 10 %
 * — GC pauses, scheduler hiccups — dropped).
 */
export async function compare(
  fns: Record<string, () => Promise<unknown>>,
  calls: number,
): Promise<Record<string, number>> {
  const names = Object.keys(fns);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < calls; i++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length]!;
      const t0 = performance.now();
      await fns[name]!();
      samples[name]!.push(performance.now() - t0);
    }
  }
  return Object.fromEntries(
    names.map((n) => {
      const xs = samples[n]!.sort((a, b) => a - b).slice(0, Math.floor(calls * 0.9));
      return [n, (xs.reduce((a, b) => a + b, 0) / xs.length) * 1000];
    }),
  );
}
