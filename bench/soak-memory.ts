// RSS and heap of one API process, read from its own /metrics (prom-client's process metrics) —
// the figures an operator would graph.
export interface Memory {
  rssMb: number;
  heapMb: number;
}

export async function processMemory(api: { base: string }, operatorKey: string): Promise<Memory> {
  // A full collection first would hide a leak's garbage but not a leak; we read what is there.
  const text = await fetch(`${api.base}/metrics`, { headers: { "x-operator-key": operatorKey } }).then((r) =>
    r.text(),
  );
  const value = (name: string) => {
    const line = text.split("\n").find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
    if (!line) throw new Error(`/metrics has no ${name}`);
    return Number(line.slice(line.lastIndexOf(" ") + 1)) / 2 ** 20;
  };
  return {
    rssMb: value("lk_process_resident_memory_bytes"),
    heapMb: value("lk_nodejs_heap_size_used_bytes"),
  };
}
