import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "python/skipped-test";

describe(ID, () => {
  it("fires on pytest.mark.skip, unittest.skip, pytestmark and unconditional pytest.skip()", async () => {
    const source = [
      "import pytest, unittest",
      "pytestmark = pytest.mark.skip",
      "@pytest.mark.skip(reason='flaky')",
      "def test_a(): ...",
      "@unittest.skip('broken')",
      "class TestB(unittest.TestCase):",
      "    def test_c(self):",
      "        self.skipTest('later')",
      "def test_d():",
      "    pytest.skip('todo')",
    ].join("\n");
    const findings = await findingsOf(ID, { "tests/test_mod.py": source });
    expect(findings.map((f) => f.location?.startLine)).toEqual([2, 3, 5, 8, 10]);
  });

  it("stays silent on conditional skips and skips outside tests", async () => {
    const source = [
      "import sys, pytest, unittest",
      "@pytest.mark.skipif(sys.platform == 'win32', reason='posix only')",
      "def test_a(): ...",
      "@unittest.skipIf(True, 'x')",
      "def test_b(): ...",
      "def test_c():",
      "    if not has_db():",
      "        pytest.skip('no db')",
      "yaml = pytest.importorskip('yaml')",
    ].join("\n");
    expect(
      await findingsOf(ID, {
        "tests/test_mod.py": source,
        "app/skip.py": "import pytest\n@pytest.mark.skip\ndef test_x(): ...\n",
      }),
    ).toEqual([]);
  });
});
