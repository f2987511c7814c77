// Debian's chromium driven by playwright-core, for the HTML report's browser tests. No browser is downloaded: the
// system one is launched with every background network feature off and a fresh profile (--user-data-dir, given
// as the persistent context's folder: playwright refuses the flag itself). Missing chromium fails
// under CI (.ci/run installs it) and skips visibly elsewhere.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

export const CHROMIUM_PATH = process.env.CODEAUDIT_CHROMIUM ?? "/usr/bin/chromium";

/** Why the browser tests cannot run here, or null when they can; throws under CI so they never skip silently. */
export function chromiumMissing(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null;
  const reason = `${CHROMIUM_PATH} is missing: install Debian's chromium (apt-get install -y chromium) to run the HTML report's browser tests`;
  if (process.env.CI) throw new Error(reason);
  console.warn(`SKIPPED: ${reason}`);
  return reason;
}

/** One browser per test file: a persistent context on a fresh, throwaway profile folder. */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "codeaudit-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
