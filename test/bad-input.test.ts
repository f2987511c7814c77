// Bad input never stops the run: each problem file is skipped or degraded with a diagnostic, the rest is audited.
import { cpSync, mkdtempSync, symlinkSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { auditRepository } from "../src/pipeline/audit-repository.js";

describe("bad input", () => {
  it("audits around binary, huge, mis-encoded, unparsable and broken files and symlink loops", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "codeaudit-bad-")), "repo");
    cpSync(join(import.meta.dirname, "fixtures", "bad-input"), dir, { recursive: true });
    writeFileSync(join(dir, "huge.py"), "x = 1\n".repeat(900_000));
    mkdirSync(join(dir, "loop"));
    symlinkSync(join(dir, "loop"), join(dir, "loop", "self"));
    writeFileSync(join(dir, "bundle.min.js"), "var a=1;".repeat(2000));
    writeFileSync(join(dir, "app.js"), `${"function f(a){return a}".repeat(400)}\n`);
    const { audit } = await auditRepository({ path: dir, noTimestamp: true, jobs: 1 });
    const kindsOf = new Map<string | null, string[]>();
    for (const d of audit.diagnostics) kindsOf.set(d.path, [...(kindsOf.get(d.path) ?? []), d.kind]);
    const byPath = { get: (path: string) => kindsOf.get(path)?.[0] };
    expect(byPath.get("huge.py")).toBe("skipped-huge");
    expect(byPath.get("image.png")).toBe("skipped-binary");
    expect(byPath.get("broken.py")).toBe("parse-error");
    expect(kindsOf.get("latin1.py")).toContain("invalid-encoding");
    expect(byPath.get("loop/self")).toBe("skipped-symlink");
    expect(byPath.get("bundle.min.js")).toBe("skipped-generated");
    expect(byPath.get("app.js")).toBe("skipped-minified");
    // The degraded file is still analysed: its TODO is found.
    expect(
      audit.findings.some((f) => f.location?.path === "latin1.py" && f.ruleId === "generic/todo-comment"),
    ).toBe(true);
    expect(audit.coverage.filesAnalysed).toBeGreaterThanOrEqual(3);
  });
});
