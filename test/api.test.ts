// The programmatic API as a consumer meets it: `import { audit, delta, loadConfig } from "codeaudit"` resolved
// through package.json `exports` to the built dist/, with the generated .d.ts type-checking a consumer's code.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
let consumer: string;

beforeAll(() => {
  // .ci/run builds before testing; a test run of a fresh checkout builds here.
  if (!existsSync(join(root, "dist", "index.d.ts")))
    execFileSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "ignore" });
  consumer = mkdtempSync(join(tmpdir(), "codeaudit-api-"));
  mkdirSync(join(consumer, "node_modules"));
  symlinkSync(root, join(consumer, "node_modules", "codeaudit"), "dir");
  cpSync(join(root, "test", "fixtures", "node-clean"), join(consumer, "repo"), { recursive: true });
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ type: "module", private: true }));
});

describe("codeaudit as a library", () => {
  it("imports audit, delta, loadConfig from the package name and audits a folder", () => {
    writeFileSync(
      join(consumer, "use.mjs"),
      [
        'import { audit, delta, loadConfig, renderReport } from "codeaudit";',
        'const run = await audit("repo", { noTimestamp: true, jobs: 1, advisoryDir: null });',
        'const json = JSON.parse(await renderReport(run.audit, "json"));',
        'const config = loadConfig("repo");',
        "console.log(JSON.stringify({ delta: typeof delta, grade: json.summary.grade, findings: json.findings.length, config: config.path }));",
      ].join("\n"),
    );
    const out = JSON.parse(
      execFileSync(process.execPath, ["use.mjs"], { cwd: consumer, encoding: "utf8" }),
    ) as {
      delta: string;
      grade: string;
      findings: number;
      config: string | null;
    };
    expect(out.delta).toBe("function");
    expect(out.grade).toMatch(/^[A-F][+-]?$/);
    expect(out.findings).toBeGreaterThanOrEqual(0);
    expect(out.config).toBeNull();
  });

  it("ships type declarations a TypeScript consumer compiles against", () => {
    writeFileSync(
      join(consumer, "use.ts"),
      [
        'import { audit, type Audit, type Finding, type CodeauditConfig } from "codeaudit";',
        "export async function highs(path: string): Promise<Finding[]> {",
        "  const run = await audit(path, { only: ['security'] });",
        "  const report: Audit = run.audit;",
        "  const config: CodeauditConfig = run.config.config;",
        "  void config;",
        "  return report.findings.filter((f) => f.severity === 'high');",
        "}",
      ].join("\n"),
    );
    writeFileSync(
      join(consumer, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: "nodenext",
          moduleResolution: "nodenext",
          target: "es2022",
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        files: ["use.ts"],
      }),
    );
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    expect(() => execFileSync(process.execPath, [tsc, "-p", consumer], { encoding: "utf8" })).not.toThrow();
  });
});
