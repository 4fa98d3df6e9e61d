// Reading a poke stream in the service's tests (pokes.test.ts, presence.test.ts). Not used by the service.

/** Reads a poke stream's events (name and data) as they come. */
export function eventsOf(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const queued: { name: string; data: unknown }[] = [];
  let ended = false;
  // One read at a time: a wait that timed out leaves its read running, and the next wait joins it.
  let reading: Promise<void> | undefined;
  const fill = (): Promise<void> => (reading ??= readOnce().finally(() => (reading = undefined)));
  const readOnce = async (): Promise<void> => {
    const { value, done } = await reader.read();
    if (done) {
      ended = true;
      return;
    }
    buffer += decoder.decode(value, { stream: true });
    const blocks = buffer.split('\n\n');
    buffer = blocks.pop() ?? '';
    for (const block of blocks) {
      const name = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (name && data) queued.push({ name, data: JSON.parse(data) });
    }
  };
  return {
    /** The next event, or null when the stream ended first; fails after `withinMs`. */
    async next(withinMs = 2_000): Promise<{ name: string; data: unknown } | null> {
      const deadline = Date.now() + withinMs;
      while (queued.length === 0 && !ended) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no event within ${withinMs} ms`);
        await Promise.race([fill(), new Promise((resolve) => setTimeout(resolve, left))]);
      }
      return queued.shift() ?? null;
    },
    /** Whether any event came within `ms`. */
    async quietFor(ms: number): Promise<boolean> {
      return this.next(ms).then(
        () => false,
        () => true,
      );
    },
    cancel: () => reader.cancel(),
  };
}
