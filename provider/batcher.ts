// Requests that arrive within a few milliseconds of each other are served by one run: Terraform
// calls the provider for up to `parallelism` resources at once, and one bulk query for all of
// them costs about as much as one query for one.

export class Batcher<K, R> {
  private pending: { key: K; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | undefined;

  /** `run` gets the keys of one batch and returns one result per key, in order. */
  constructor(
    private readonly run: (keys: K[]) => Promise<R[]>,
    private readonly delayMs = 3,
  ) {}

  get(key: K): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ key, resolve, reject });
      if (!this.timer) this.timer = setTimeout(() => void this.flush(), this.delayMs);
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.timer = undefined;
    try {
      const results = await this.run(batch.map((b) => b.key));
      batch.forEach((b, i) => b.resolve(results[i]));
    } catch (err) {
      for (const b of batch) b.reject(err);
    }
  }
}
