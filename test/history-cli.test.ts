// `audit` records each run in the history store and `history` reads them back: a repository with three commits.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { tempRepo, type TempRepo } from "./delta-git-repo.js";
import { fakeIo } from "./helpers/fake-io.js";

const files = {
  "package.json": JSON.stringify(
    { name: "shop", version: "1.0.0", dependencies: { express: "4.18.2" } },
    null,
    2,
  ),
  "src/server.js": 'const express = require("express");\nconst app = express();\napp.listen(3000);\n',
};
// A hard-coded credential (commit 2 adds it) and an eval of input (commit 3 replaces the credential with it).
const secret =
  'const stripeKey = "sk_live_51HqLyjWDarjtT1zdp7dcXGT4yH7b2t9kJm3nQ5rS8vW1xZ4aB6c";\nmodule.exports = { stripeKey };\n';
const evalCode = "module.exports = (req) => eval(req.query.expr);\n";

let repo: TempRepo;
let work: string;
let store: string;
const commits: string[] = [];
const recordingIo = () => {
  const io = fakeIo(repo.root);
  io.env = { ...io.env, CODEAUDIT_NO_HISTORY: "0" };
  return io;
};

beforeAll(async () => {
  repo = tempRepo("codeaudit-history-");
  work = mkdtempSync(join(tmpdir(), "codeaudit-history-out-"));
  store = join(work, "store");
  const steps: Array<Record<string, string | null>> = [
    files,
    { "src/payments.js": secret },
    { "src/payments.js": null, "src/calc.js": evalCode },
  ];
  for (const [i, step] of steps.entries()) {
    commits.push(repo.commit(`step ${i + 1}`, step));
    const io = recordingIo();
    const code = await main(
      ["audit", ".", "--out", join(work, `r${i}`), "--no-timestamp", "--quiet", "--store", store],
      io,
    );
    expect(io.err()).toBe("");
    expect(code).toBe(0);
  }
}, 600_000);
afterAll(() => {
  repo?.cleanup();
  rmSync(work, { recursive: true, force: true });
});

describe("codeaudit history", () => {
  it("lists the three runs and what the last commit added and fixed", async () => {
    const io = recordingIo();
    expect(await main(["history", ".", "--store", store, "--format", "json"], io)).toBe(0);
    const history = JSON.parse(io.out()) as {
      runs: Array<{ commit: string; grade: string }>;
      comparison: {
        from: { commit: string };
        to: { commit: string };
        new: Array<{ ruleId: string; path: string }>;
        fixed: Array<{ ruleId: string; path: string }>;
      };
      areas: Array<{ area: string; scores: Array<number | null> }>;
    };
    expect(history.runs.map((run) => run.commit)).toEqual(commits);
    expect(history.comparison.from.commit).toBe(commits[1]);
    expect(history.comparison.to.commit).toBe(commits[2]);
    expect(history.comparison.new.map((f) => f.path)).toContain("src/calc.js");
    expect(history.comparison.fixed.map((f) => f.path)).toContain("src/payments.js");
    expect(history.comparison.new.map((f) => f.path)).not.toContain("src/payments.js");
    expect(history.areas.find((a) => a.area === "security")?.scores).toHaveLength(3);
  });

  it("compares any two runs by commit, and writes md and html with --out", async () => {
    const io = recordingIo();
    const out = join(work, "history");
    expect(
      await main(
        [
          "history",
          ".",
          "--store",
          store,
          "--from",
          commits[0]!.slice(0, 8),
          "--to",
          commits[1]!,
          "--format",
          "md,html",
          "--out",
          out,
        ],
        io,
      ),
    ).toBe(0);
    const md = readFileSync(join(out, "HISTORY.md"), "utf8");
    expect(md).toContain(`(${commits[0]!.slice(0, 12)}) → run`);
    expect(md).toMatch(/### New findings\n\n- \*\*(critical|high|medium)\*\* .*src\/payments\.js/);
    expect(md).toContain("### Fixed findings\n\nNone.");
    const html = readFileSync(join(out, "history.html"), "utf8");
    expect(html).toContain("<polyline");
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it("records nothing with --no-history, and once when the same commit is audited again", async () => {
    const again = recordingIo();
    await main(
      ["audit", ".", "--out", join(work, "again"), "--no-timestamp", "--quiet", "--store", store],
      again,
    );
    const off = recordingIo();
    await main(
      [
        "audit",
        ".",
        "--out",
        join(work, "off"),
        "--quiet",
        "--no-history",
        "--store",
        join(work, "other-store"),
      ],
      off,
    );
    const io = recordingIo();
    await main(["history", ".", "--store", store, "--format", "json"], io);
    expect((JSON.parse(io.out()) as { runs: unknown[] }).runs).toHaveLength(3);
    const none = recordingIo();
    expect(await main(["history", ".", "--store", join(work, "other-store")], none)).toBe(2);
    expect(none.err()).toMatch(/no audit runs of path:.* in the history store/);
  });

  it("leaves audit.json byte-identical whether the run is recorded or not, and warns when the store fails", async () => {
    const io = recordingIo();
    // A file where the store folder should be: the store cannot open; the audit still succeeds.
    const blocked = join(work, "r0", "audit.json");
    expect(
      await main(["audit", ".", "--out", join(work, "blocked"), "--no-timestamp", "--store", blocked], io),
    ).toBe(0);
    expect(io.err()).toMatch(/warning: this run was not recorded in the history store/);
    expect(readFileSync(join(work, "blocked", "audit.json"), "utf8")).toBe(
      readFileSync(join(work, "r2", "audit.json"), "utf8"),
    );
    const off = recordingIo();
    await main(["audit", ".", "--out", join(work, "off2"), "--no-timestamp", "--quiet", "--no-history"], off);
    expect(readFileSync(join(work, "off2", "audit.json"), "utf8")).toBe(
      readFileSync(join(work, "r2", "audit.json"), "utf8"),
    );
  });
});
