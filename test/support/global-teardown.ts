const g = globalThis as unknown as { __chxStop?: () => Promise<void> };

export default async function globalTeardown(): Promise<void> {
  if (g.__chxStop) await g.__chxStop();
}
