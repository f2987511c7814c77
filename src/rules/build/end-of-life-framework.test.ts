import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";
import { pinnedLine } from "../../facts/dependencies/framework-end-of-life.js";

const ID = "build/end-of-life-framework";

describe(ID, () => {
  it("fires on a Django line past its end of support pinned in requirements, and on Vue 2 in a lockfile", async () => {
    const findings = await findingsOf(ID, {
      "requirements/base.txt": "Django==2.0.13\ndjangorestframework==3.7.7\nrequests==2.31.0\n",
      "requirements.txt": "-r requirements/base.txt\n",
      "frontend/package.json": JSON.stringify({ name: "web", dependencies: { vue: "^2.6.14" } }, null, 2),
      "frontend/package-lock.json": JSON.stringify(
        {
          name: "web",
          lockfileVersion: 3,
          packages: {
            "": { name: "web", dependencies: { vue: "^2.6.14" } },
            "node_modules/vue": { version: "2.7.16" },
          },
        },
        null,
        2,
      ),
    });
    expect(findings.map((f) => [f.location?.path, f.severity, f.message.split(" (")[0]])).toEqual([
      ["frontend/package-lock.json", "medium", "Vue 2 has had no security fixes since January 2024"],
      ["requirements/base.txt", "medium", "Django 2.0 has had no security fixes since April 2019"],
    ]);
  });

  it("is low for an example project's pin", async () => {
    const findings = await findingsOf(ID, { "examples/demo/requirements.txt": "Django==1.11.29\n" });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["examples/demo/requirements.txt", "low"],
    ]);
  });

  it("stays silent on supported lines, minimums and lines whose end of support is after the table's date", async () => {
    const findings = await findingsOf(ID, {
      "requirements.txt": "Django>=2.0\n",
      "api/requirements.txt": "django==5.2.1\n",
      "svc/pyproject.toml": '[project]\nname = "svc"\ndependencies = ["Django~=6.0.0"]\n',
      "web/package.json": JSON.stringify({ name: "web", dependencies: { vue: "^3.4.0" } }, null, 2),
    });
    expect(findings).toEqual([]);
  });

  it("reads the one release line a requirement allows", () => {
    expect(pinnedLine("==2.0.13", 2)).toBe("2.0.13");
    expect(pinnedLine(">=2.0,<2.1", 2)).toBe("2.0");
    expect(pinnedLine("~=3.2.1", 2)).toBe("3.2.1");
    expect(pinnedLine("~=3.2", 2)).toBeNull();
    expect(pinnedLine(">=2.0,<3.0", 2)).toBeNull();
    expect(pinnedLine(">=2.2", 2)).toBeNull();
    expect(pinnedLine("^2.6.14", 1)).toBe("2");
    expect(pinnedLine("^2.6.14", 2)).toBeNull();
  });
});
