import { describe, expect, it } from "vitest";
import { analyseFiles } from "../../../test/helpers/audit-harness.js";

describe("tests facts", () => {
  it("inventories test files, ratio, frameworks, mocks, property-based and e2e tests per ecosystem", async () => {
    const { facts } = await analyseFiles({
      "app/core.py": "def f(x):\n    return x\n\n\ndef g(x):\n    return x\n",
      "tests/test_core.py":
        "import pytest\nfrom hypothesis import given\nfrom unittest import mock\n\ndef test_f():\n    assert True\n",
      "e2e/login.spec.ts": "import { test } from '@playwright/test';\ntest('login', async () => {});\n",
      "src/a.ts": "export const a = 1;\n",
    });
    const python = facts.tests.byEcosystem.find((e) => e.ecosystem === "python")!;
    expect([
      python.testFiles,
      python.sourceFiles,
      python.frameworks,
      python.mocks,
      python.propertyBased,
    ]).toEqual([1, 1, ["pytest"], ["unittest.mock"], ["hypothesis"]]);
    expect(python.ratio).toBeGreaterThan(0);
    const node = facts.tests.byEcosystem.find((e) => e.ecosystem === "node")!;
    expect(node.e2e).toEqual(["e2e/integration folder", "playwright"]);
  });
});
