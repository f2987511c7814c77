// Debian's chromium driven by playwright-core, for the HTML report's browser tests. No browser is downloaded: the
// system one is launched with every background network feature off and a fresh profile. Missing chromium fails
// under CI (.ci/run installs it) and skips visibly elsewhere.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM_PATH = process.env.CODEAUDIT_CHROMIUM ?? "/usr/bin/chromium";

/** Why the browser tests cannot run here, or null when they can; throws under CI so they never skip silently. */
export function chromiumMissing(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null;
  const reason = `${CHROMIUM_PATH} is missing: install Debian's chromium (apt-get install -y chromium) to run the HTML report's browser tests`;
  if (process.env.CI) throw new Error(reason);
  console.warn(`SKIPPED: ${reason}`);
  return reason;
}

export async function launchChromium(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "codeaudit-chromium-"));
  const browser = await chromium.launch({
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
      `--user-data-dir=${profile}`,
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
