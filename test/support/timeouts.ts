// Every time limit of the suite comes from here, scaled by one setting: CHX_TEST_TIME_SCALE
// (default 1; set 2 or 3 on a slow or busy machine). Limits are generous on purpose: a test must
// fail because the code is wrong, never because a shared 2-core machine was busy.

const raw = Number(process.env.CHX_TEST_TIME_SCALE ?? '1');
/** The scale factor (>= 1). */
export const TIME_SCALE = Number.isFinite(raw) && raw >= 1 ? raw : 1;

/** `ms` scaled. */
export function scaled(ms: number): number {
  return Math.round(ms * TIME_SCALE);
}

/** Default limit of one test: server and Terraform work. */
export const TEST_TIMEOUT_MS = scaled(180_000);
/** A test that deploys and plans with Terraform several times. */
export const E2E_TIMEOUT_MS = scaled(600_000);
/** A hook that starts servers. */
export const HOOK_TIMEOUT_MS = scaled(180_000);

/** Polls `probe` until it returns true, or fails after `ms` (scaled) naming what it waited for. */
export async function waitFor(what: string, probe: () => Promise<boolean>, ms: number, everyMs = 50): Promise<void> {
  const deadline = Date.now() + scaled(ms);
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`gave up after ${scaled(ms)} ms waiting for ${what} (CHX_TEST_TIME_SCALE=${TIME_SCALE})`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
