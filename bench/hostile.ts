// Hostile-input benchmark: builds each denial-of-service input of SECURITY.md's threat model in a temp folder,
// runs the CLI on it as a child process and prints wall time and peak RSS (GNU time), with a time limit.
// Usage: npm run bench:hostile -- [--bin path/to/bin/codeaudit.js] [--limit seconds] [--only case,case]
// Compare two builds by pointing --bin at another checkout's bin/codeaudit.js.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { strToU8, zipSync } from "fflate";

const args = process.argv.slice(2);
const option = (name: string): string | undefined =>
  args.includes(name) ? args[args.indexOf(name) + 1] : undefined;
const bin = resolve(option("--bin") ?? join(import.meta.dirname, "..", "bin", "codeaudit.js"));
const limit = Number(option("--limit") ?? 180);
const only = option("--only")?.split(",");

const MB = 1024 * 1024;

interface Case {
  name: string;
  /** Builds the input under `dir`; returns the CLI arguments (run with `dir` as working folder). */
  build(dir: string): string[];
}

function gitInit(root: string): void {
  const git = (...a: string[]): string =>
    execFileSync("git", ["-c", "user.name=b", "-c", "user.email=b@example.invalid", ...a], {
      cwd: root,
      encoding: "utf8",
      maxBuffer: 64 * MB,
    });
  git("init", "-q");
  git("add", "-A");
  git("commit", "-q", "-m", "bench");
}

function repoWith(dir: string, files: Record<string, string>, git = false): string {
  const root = join(dir, "repo");
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  if (git) gitInit(root);
  return root;
}

const audit = (...extra: string[]): string[] => [
  "audit",
  "repo",
  "--out",
  "out",
  "--quiet",
  // Timings of a first analysis: the per-file cache would make reruns measure a warm cache.
  "--no-cache",
  "--no-timestamp",
  ...extra,
];

const CASES: Case[] = [
  {
    name: "Dockerfile, 1 MB of `\\` continuations",
    build(dir) {
      repoWith(dir, {
        Dockerfile: "FROM alpine:3.19\nRUN true " + "&& echo x \\\n".repeat(MB / 12) + "&& true\n",
      });
      return audit();
    },
  },
  {
    name: "pyproject.toml, 1 MB of dependencies",
    build(dir) {
      const deps = Array.from({ length: 40_000 }, (_, i) => `  "package-${i}>=1.${i}",`).join("\n");
      repoWith(dir, {
        "pyproject.toml": `[project]\nname = "x"\ndependencies = [\n${deps}\n]\n`,
        "app.py": "print(1)\n",
      });
      return audit();
    },
  },
  {
    name: ".env.example, 1 MB (80k keys)",
    build(dir) {
      const keys = Array.from({ length: 80_000 }, (_, i) => `KEY_${i}=value`).join("\n");
      repoWith(dir, { ".env.example": keys + "\n", "app.js": "console.log(process.env.KEY_1);\n" });
      return audit();
    },
  },
  {
    name: "custom rule with prefilter `^(a+)+$`",
    build(dir) {
      repoWith(dir, {
        "codeaudit.config.json": JSON.stringify({ customRules: "rules" }),
        "rules/javascript/slow.yml": [
          "id: custom/slow",
          "language: javascript",
          "message: slow",
          "rule:",
          "  pattern: eval($X)",
          "metadata:",
          "  area: security",
          "  severity: low",
          "  title: Slow prefilter",
          "  effortMinutes: 1",
          '  prefilter: "^(a+)+$"',
          "  docs:",
          "    rationale: a rule with a catastrophic regex",
          "    impact: the audit never ends",
          "    fix: remove the rule",
          "    example: { bad: 'eval(x)', good: 'x' }",
          "",
        ].join("\n"),
        "app.js": "a".repeat(40) + "!\n",
      });
      return audit();
    },
  },
  {
    name: "--ref on a 2 MB .git holding a 1 GB blob",
    build(dir) {
      const root = repoWith(dir, { "app.js": "console.log(1);\n" }, true);
      // A blob of zeros compresses to almost nothing: a small .git, a huge object.
      execFileSync(
        "sh",
        [
          "-c",
          "head -c 1073741824 /dev/zero > big.txt && git add big.txt && git -c user.name=b -c user.email=b@example.invalid commit -qm big && rm big.txt",
        ],
        { cwd: root },
      );
      return audit("--ref", "HEAD");
    },
  },
  ...[10_000, 40_000].map((count): Case => ({
    name: `${count / 1000}k tiny files`,
    build(dir) {
      const files: Record<string, string> = {};
      for (let i = 0; i < count; i++) files[`src/d${i % 100}/f${i}.js`] = `export const v${i} = ${i};\n`;
      repoWith(dir, files);
      return audit();
    },
  })),
  ...[25_000, 100_000].map((count): Case => ({
    name: `advisory import, ${count / 1000}k advisories`,
    build(dir) {
      const advisories = Array.from({ length: count }, (_, i) => ({
        id: `GHSA-bench-${i}`,
        modified: "2024-01-01T00:00:00Z",
        summary: `advisory ${i}`,
        affected: [{ package: { ecosystem: "npm", name: `pkg-${i % 5000}` }, versions: [`1.0.${i}`] }],
      }));
      writeFileSync(join(dir, "osv.json"), JSON.stringify(advisories));
      return ["advisories", "import", "osv.json", "--store", "store"];
    },
  })),
  {
    name: "advisory import, zip bomb (4 MB zip, 4 GB inflated)",
    build(dir) {
      const chunk = strToU8(" ".repeat(MB));
      const entries: Record<string, [Uint8Array, { level: 9 }]> = {};
      // 16 entries of 256 MB of spaces each, inflated one at a time by a naive importer.
      const big = new Uint8Array(256 * MB);
      for (let offset = 0; offset < big.length; offset += chunk.length) big.set(chunk, offset);
      for (let i = 0; i < 16; i++) entries[`bomb-${i}.json`] = [big, { level: 9 }];
      writeFileSync(join(dir, "bomb.zip"), zipSync(entries));
      return ["advisories", "import", "bomb.zip", "--store", "store"];
    },
  },
];

console.log(`codeaudit: ${bin}; limit ${limit} s per case`);
console.log("| Case | time | peak RSS | exit |");
console.log("|---|---:|---:|---|");
for (const item of CASES) {
  if (only && !only.some((name) => item.name.toLowerCase().includes(name.toLowerCase()))) continue;
  const dir = mkdtempSync(join(tmpdir(), "codeaudit-bench-hostile-"));
  try {
    const cliArgs = item.build(dir);
    // timeout outside GNU time, so the peak RSS measured is node's; a killed run has no measurement.
    const result = spawnSync(
      "timeout",
      ["-s", "KILL", String(limit), "/usr/bin/time", "-f", "%e %M", "node", bin, ...cliArgs],
      {
        cwd: dir,
        encoding: "utf8",
        maxBuffer: 64 * MB,
      },
    );
    const measured = /(\d+(?:\.\d+)?) (\d+)\s*$/.exec(result.stderr.trim());
    const seconds = measured ? Number(measured[1]) : NaN;
    const rssMb = measured ? Math.round(Number(measured[2]) / 1024) : NaN;
    const killed = result.status === 137 || result.signal === "SIGKILL" || !measured;
    const firstError = result.stderr.split("\n").find((line) => line.startsWith("codeaudit:")) ?? "";
    console.log(
      `| ${item.name} | ${killed ? `> ${limit} s (killed)` : `${seconds.toFixed(1)} s`} | ${killed ? "—" : `${rssMb} MB`} | ${killed ? "killed" : String(result.status)}${firstError ? `: ${firstError.slice(0, 90)}` : ""} |`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
