import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const RULE = "python/unused-private-def";

describe(RULE, () => {
  it("fires on a _private function nothing names, in a library too", async () => {
    const findings = await findingsOf(RULE, {
      "pricing/__init__.py": "",
      "pricing/money.py":
        "def to_cents(value):\n    return _round(value * 100)\n\n\ndef _round(value):\n    return int(value)\n\n\ndef _legacy(value):\n    return value\n",
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine} ${f.severity}`)).toEqual([
      "pricing/money.py:9 low",
    ]);
  });

  it("stays silent on private functions imported elsewhere, decorated or in tests", async () => {
    const findings = await findingsOf(RULE, {
      "pricing/__init__.py": "",
      "pricing/money.py": "def _helper(value):\n    return value\n",
      "pricing/report.py": "from pricing.money import _helper\nprint(_helper(1))\n",
      "pricing/hooks.py": "import atexit\n\n\n@atexit.register\ndef _flush():\n    pass\n",
      "tests/test_money.py": "def _make():\n    return 1\n",
    });
    expect(findings).toEqual([]);
  });
});
