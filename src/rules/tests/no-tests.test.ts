import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const body = (n: number): string =>
  Array.from({ length: n }, (_, i) => `def f${i}(x):\n    return x + ${i}\n`).join("\n");

describe("tests/no-tests", () => {
  it("fires for a Python app with code and no tests", async () => {
    const findings = await findingsOf("tests/no-tests", {
      "pyproject.toml": '[project]\nname = "svc"\n',
      "svc/core.py": body(120),
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location).toBeNull();
    expect(findings[0]?.evidence.searched).toContain("python");
  });

  it("stays silent with one test file, for small apps, and per app in a monorepo", async () => {
    expect(
      await findingsOf("tests/no-tests", {
        "pyproject.toml": '[project]\nname = "svc"\n',
        "svc/core.py": body(120),
        "tests/test_core.py": "def test_x():\n    assert True\n",
      }),
    ).toEqual([]);
    expect(
      await findingsOf("tests/no-tests", {
        "pyproject.toml": '[project]\nname = "svc"\n',
        "svc/core.py": body(5),
      }),
    ).toEqual([]);
    expect(
      await findingsOf("tests/no-tests", {
        "examples/demo/pyproject.toml": '[project]\nname = "demo"\n',
        "examples/demo/demo.py": body(120),
      }),
    ).toEqual([]);
    const mono = await findingsOf("tests/no-tests", {
      "api/go.mod": "module x/api\n",
      "api/main.go":
        "package main\n" + Array.from({ length: 210 }, (_, i) => `var v${i} = ${i}`).join("\n") + "\n",
      "api/main_test.go": "package main\n",
      "web/package.json": '{"name":"web"}',
      "web/src/app.ts": Array.from({ length: 210 }, (_, i) => `export const v${i} = ${i};`).join("\n") + "\n",
    });
    expect(mono.map((f) => f.message)).toEqual([expect.stringContaining("node app web")]);
  });
});
