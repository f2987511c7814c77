// The stat index never trusts a file changed less than two seconds before it was hashed (src/cache/content-hashes.ts,
// git's "racily clean" entries). A test that needs its files trusted moves the clock the index reads (Date.now) past
// that margin instead of sleeping: `settle()` makes every file on disk at least 2.1 s old to the index, as a real
// wait would. Each test starts on the real clock, so a test about recent files sees them as recent.
import { afterAll, beforeEach, vi } from "vitest";

/** Beyond the index's racy margin (2 s). */
const SETTLE_MS = 2100;

/** Installs the clock for the calling test file; `settle()` moves it on by more than the racy margin. */
export function racyClock(): { settle: () => Promise<void> } {
  const realNow = Date.now.bind(Date);
  let offset = 0;
  const spy = vi.spyOn(Date, "now").mockImplementation(() => realNow() + offset);
  beforeEach(() => {
    offset = 0;
  });
  afterAll(() => spy.mockRestore());
  return {
    settle: () => {
      offset += SETTLE_MS;
      return Promise.resolve();
    },
  };
}
