import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "python/sleep-in-test";

describe(ID, () => {
  it("fires once per test file, listing time.sleep and asyncio.sleep lines", async () => {
    const source = [
      "import asyncio",
      "from time import sleep",
      "def test_a():",
      "    sleep(1)",
      "async def test_b():",
      "    await asyncio.sleep(0.2)",
    ].join("\n");
    const findings = await findingsOf(ID, { "tests/test_worker.py": source });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location?.startLine).toBe(4);
    expect(findings[0]?.message).toContain("lines 4, 6");
  });

  it("stays silent on sleep(0), other sleep methods and production code", async () => {
    const files = {
      "tests/test_loop.py":
        "import asyncio\nasync def test_a(clock):\n    await asyncio.sleep(0)\n    clock.sleep(5)\n",
      "app/retry.py": "import time\ndef retry():\n    time.sleep(1)\n",
    };
    expect(await findingsOf(ID, files)).toEqual([]);
  });
});
