// Denial of service (bounded sizes here; timings live in `npm run bench:hostile`), advisory import bombs and
// prototype keys, the audited tree's own configuration, odd input and one-line errors.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import { afterEach, describe, expect, it } from "vitest";
import { hostileRepo, runCli, type HostileRepo } from "./hostile-repo.js";

let repo: HostileRepo;
afterEach(() => repo?.cleanup());

const AUDIT = [
  "audit",
  ".",
  "--out",
  "../out",
  "--no-timestamp",
  "--jobs",
  "1",
  "--format",
  "md,json",
  "--quiet",
];
/** The same, printing the terminal summary. */
const AUDIT_LOUD = ["audit", ".", "--out", "../out", "--no-timestamp", "--jobs", "1", "--format", "md,json"];

function customRule(prefilter: string, id = "custom/eval-call"): string {
  return [
    `id: ${id}`,
    "language: javascript",
    "message: eval call",
    "rule:",
    "  pattern: eval($X)",
    "metadata:",
    "  area: security",
    "  severity: low",
    "  title: Eval call found",
    "  effortMinutes: 1",
    `  prefilter: ${JSON.stringify(prefilter)}`,
    "  docs:",
    "    rationale: eval runs code built at run time",
    "    impact: code injection if input reaches it",
    "    fix: parse the input instead",
    "    example: { bad: 'eval(x)', good: 'JSON.parse(x)' }",
    "",
  ].join("\n");
}

describe("denial of service", () => {
  it("parses long continuation Dockerfiles, large pyproject and .env samples (linear parsers)", async () => {
    repo = hostileRepo();
    repo.write("Dockerfile", "FROM alpine:3.19\nRUN true " + "&& echo x \\\n".repeat(20_000) + "&& true\n");
    const deps = Array.from({ length: 4_000 }, (_, i) => `  "package-${i}>=1.${i}",`).join("\n");
    repo.write("pyproject.toml", `[project]\nname = "x"\ndependencies = [\n${deps}\n]\n`);
    repo.write(".env.example", Array.from({ length: 8_000 }, (_, i) => `KEY_${i}=value`).join("\n") + "\n");
    repo.write("app.py", "import os\nprint(os.environ['KEY_1'])\n");
    repo.commit("big inputs");
    const run = await runCli(repo.root, AUDIT, "../out");
    expect(run.code).toBe(0);
    const audit = JSON.parse(run.files["audit.json"] ?? "{}") as {
      findings: Array<{ ruleId: string; location: { path: string; startLine: number } | null }>;
    };
    const pythonDeps = audit.findings.filter((f) => f.location?.path === "pyproject.toml");
    expect(pythonDeps.every((f) => (f.location?.startLine ?? 0) >= 1)).toBe(true);
  });

  it("refuses a custom rule prefilter that can backtrack exponentially, in one line", async () => {
    repo = hostileRepo();
    repo.write("codeaudit.config.json", JSON.stringify({ customRules: "rules" }));
    repo.write("rules/javascript/slow.yml", customRule("^(a+)+$"));
    repo.write("app.js", "a".repeat(40) + "!\n");
    repo.commit("slow rule");
    const run = await runCli(repo.root, AUDIT);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("prefilter");
  });
});

describe("advisory import", () => {
  it("treats __proto__ and constructor as ecosystem names, not object keys", async () => {
    repo = hostileRepo({ git: false });
    const advisories = ["__proto__", "constructor", "npm"].map((ecosystem, i) => ({
      id: `GHSA-test-${i}`,
      modified: "2024-01-01T00:00:00Z",
      affected: [{ package: { ecosystem, name: "pkg" }, versions: ["1.0.0"] }],
    }));
    writeFileSync(join(repo.work, "osv.json"), JSON.stringify(advisories));
    const run = await runCli(repo.work, ["advisories", "import", "osv.json", "--store", "store"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("imported 3 advisories");
    expect(run.stdout).toMatch(/__proto__ 1, constructor 1, npm 1/);
    expect(run.stdout).not.toContain("function");
  });

  it("refuses a zip whose JSON inflates past the limit, in one line", async () => {
    repo = hostileRepo({ git: false });
    const big = new Uint8Array(65 * 1024 * 1024).fill(32);
    writeFileSync(
      join(repo.work, "bomb.zip"),
      zipSync({ "a.json": [big, { level: 9 }], "b.json": strToU8("[]") }),
    );
    const run = await runCli(repo.work, ["advisories", "import", "bomb.zip", "--store", "store"]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("zip bomb");
  });

  it("refuses a zip whose headers understate what an entry inflates to, before inflating it all", async () => {
    repo = hostileRepo({ git: false });
    const crafted = Buffer.from(
      zipSync({ "a.json": [new Uint8Array(32 * 1024 * 1024).fill(32), { level: 9 }] }),
    );
    // Both the local and the central header claim 10 bytes: a check of declared sizes alone lets it through.
    for (let at = 0; at + 4 <= crafted.length; at++) {
      const signature = crafted.readUInt32LE(at);
      if (signature === 0x04034b50) crafted.writeUInt32LE(10, at + 22);
      if (signature === 0x02014b50) crafted.writeUInt32LE(10, at + 24);
    }
    writeFileSync(join(repo.work, "crafted.zip"), crafted);
    const run = await runCli(repo.work, ["advisories", "import", "crafted.zip", "--store", "store"]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("a.json inflates past the 10 bytes its header declares");
  });
});

describe("the audited tree's own configuration", () => {
  it("lists settings that narrow the audit in the header and ignores its advisory store unless trusted", async () => {
    repo = hostileRepo();
    repo.write("app/danger.py", "import os\nos.system(input())\n");
    repo.write(
      "codeaudit.config.json",
      JSON.stringify({ advisories: "osv", ignore: ["legacy/**"], rules: { "python/eval-exec": "off" } }),
    );
    repo.commit("config");
    const run = await runCli(repo.root, AUDIT_LOUD, "../out");
    expect(run.code).toBe(0);
    const header =
      (run.files["AUDIT.md"] ?? "").split("\n").find((line) => line.startsWith("| Method |")) ?? "";
    expect(header).toContain("Settings from the audited tree");
    expect(header).toMatch(/advisory store .*osv.* \(ignored: pass --trust-repo-config to use it\)/);
    expect(header).toContain("ignored paths");
    expect(header).toContain("rules off: python/eval-exec");
    expect(run.stdout).toContain("narrows this audit");
  });

  it("delta takes its configuration from the base, so a change cannot silence its own findings", async () => {
    repo = hostileRepo();
    repo.write("app/__init__.py", "");
    const base = repo.commit("base");
    repo.write("app/danger.py", "import os\n\n\ndef run(cmd):\n    os.system(cmd)\n    return eval(cmd)\n");
    repo.write("codeaudit.config.json", JSON.stringify({ ignore: ["app/**"] }));
    repo.commit("feature");
    const gate = async (...extra: string[]): Promise<string> => {
      const run = await runCli(
        repo.root,
        [
          "delta",
          `${base}..HEAD`,
          ".",
          "--out",
          "../d",
          "--format",
          "json",
          "--quiet",
          "--jobs",
          "1",
          ...extra,
        ],
        "../d",
      );
      expect(run.code).toBe(0);
      const delta = JSON.parse(run.files["delta.json"] ?? "{}") as {
        quality_gates: Record<string, { status: string }>;
      };
      return delta.quality_gates.no_new_critical_high?.status ?? "missing";
    };
    expect(await gate()).toBe("fail");
    expect(await gate("--trust-repo-config")).toBe("pass");
  });
});

describe("odd input and one-line errors", () => {
  it("keeps line numbers in files with classic Mac (CR-only) line ends", async () => {
    repo = hostileRepo();
    repo.write("src/app.js", "const a = 1;\rconst b = 2;\reval(process.argv[2]);\r");
    repo.commit("cr");
    const run = await runCli(repo.root, AUDIT, "../out");
    const audit = JSON.parse(run.files["audit.json"] ?? "{}") as {
      findings: Array<{ ruleId: string; location: { startLine: number } | null }>;
    };
    const evalFinding = audit.findings.find((f) => f.ruleId.includes("eval"));
    expect(evalFinding?.location?.startLine).toBe(3);
  });

  it("says on the terminal which files were too large to analyse", async () => {
    repo = hostileRepo();
    repo.write("codeaudit.config.json", JSON.stringify({ maxFileBytes: 1000 }));
    repo.write("src/big.js", "export const x = 1;\n".repeat(200));
    repo.write("src/small.js", "export const y = 1;\n");
    repo.commit("big");
    const run = await runCli(repo.root, AUDIT_LOUD);
    expect(run.stdout).toMatch(/1 file\(s\) not analysed for their size: src\/big\.js/);
  });

  it("never reports an unreadable blob as an empty file under --ref", async () => {
    repo = hostileRepo();
    repo.write("src/a.js", "export const a = 1; // " + "x".repeat(200) + "\n");
    repo.write("src/b.js", "export const b = 2;\n");
    repo.commit("two files");
    const blob = repo.git("rev-parse", "HEAD:src/a.js").trim();
    writeFileSync(join(repo.root, ".git", "objects", blob.slice(0, 2), blob.slice(2)), "not a zlib stream");
    const run = await runCli(repo.root, [...AUDIT, "--ref", "HEAD"], "../out");
    expect(run.code).toBe(0);
    expect(run.files["AUDIT.md"]).not.toMatch(/src\/a\.js.*empty/);
    expect(run.files["AUDIT.md"]).toMatch(/src\/a\.js.*git could not read its blob/);
  });

  it("prints one line and exits 2 for a missing custom-rule folder, a duplicate rule id and a config folder", async () => {
    repo = hostileRepo();
    repo.write("app.js", "eval(x);\n");
    repo.write("rules/javascript/one.yml", customRule("eval"));
    repo.write("rules/javascript/two.yml", customRule("eval"));
    repo.write("conf.d/placeholder", "");
    repo.commit("rules");
    const cases: Array<[Record<string, unknown> | null, string[], string]> = [
      [{ customRules: "no-such-rules" }, [], "no such folder"],
      [{ customRules: "rules" }, [], "two rules share the id custom/eval-call"],
      [null, ["--config", "conf.d"], "is a folder"],
    ];
    for (const [config, extra, expected] of cases) {
      if (config) writeFileSync(join(repo.root, "codeaudit.config.json"), JSON.stringify(config));
      const run = await runCli(repo.root, [...AUDIT, ...extra]);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toContain(expected);
    }
  });
});
