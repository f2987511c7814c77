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

  it("stays silent on deprecated stubs and test hooks (by name or docstring), still fires beside them", async () => {
    const findings = await findingsOf(RULE, {
      "netaddr/__init__.py": "",
      "netaddr/node.py":
        "def get_node():\n    return 1\n\n\n" +
        'def _ipconfig_getnode():\n    """[DEPRECATED] Get the hardware address on Windows."""\n    return get_node()\n\n\n' +
        "# Retained for backwards compatibility with callers of the old name.\ndef _old_node():\n    return get_node()\n\n\n" +
        "# Used in these tests: tests/test_node.py\ndef _nest(node):\n    return node\n\n\n" +
        "def _cleanup_tests():\n    pass\n\n\n" +
        'def _remove_original_values(config):\n    """Remove original unmodified values for testing"""\n    config.clear()\n\n\n' +
        "def _unused_walk(items):\n    for test in items:\n        print(test)\n",
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "netaddr/node.py:29",
    ]);
  });
});
