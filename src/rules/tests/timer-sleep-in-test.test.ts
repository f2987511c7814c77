import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("node/timer-sleep-in-test", () => {
  it("fires on setTimeout promises, timers/promises and waitForTimeout in tests", async () => {
    const findings = await findingsOf("node/timer-sleep-in-test", {
      "test/queue.test.ts": [
        "import { setTimeout as sleep } from 'node:timers/promises';",
        "it('drains', async () => {",
        "  await new Promise((resolve) => setTimeout(resolve, 500));",
        "  await sleep(100);",
        "  await page.waitForTimeout(1000);",
        "  await new Promise(r => setTimeout(() => r(undefined), 50));",
        "});",
      ].join("\n"),
    });
    expect(findings.map((f) => f.location?.startLine)).toEqual([3, 4, 5, 6]);
  });

  it("stays silent with fake timers, non-sleep promises and production code", async () => {
    const findings = await findingsOf("node/timer-sleep-in-test", {
      "test/a.test.ts": "vi.useFakeTimers();\nawait new Promise((resolve) => setTimeout(resolve, 10));\n",
      "test/b.test.ts":
        "const done = new Promise((resolve) => emitter.once('ready', resolve));\nsetTimeout(() => controller.abort(), 5000);\n",
      "src/retry.ts": "await new Promise((resolve) => setTimeout(resolve, backoff));\n",
      "test/c.test.ts":
        "test('slow hook', async () => {\n  server.get('/', async (req, res) => {\n    await new Promise((resolve) => setTimeout(resolve, 100));\n    res.end();\n  });\n});\n",
      "test/d.test.ts":
        "it('flushes', async () => {\n  await new Promise((resolve) => setTimeout(resolve, 0));\n  await new Promise((r) => setTimeout(r));\n});\n",
      "test/fixtures/app/x.test.ts":
        "it('x', async () => {\n  await new Promise((resolve) => setTimeout(resolve, 100));\n});\n",
    });
    expect(findings).toEqual([]);
  });
});
