// Secrets planted where other rules quote code, in commit subjects and in configuration errors must leave the
// process masked, in every format and on the terminal; control and bidirectional characters from file names
// and contents must never reach an output raw, and file names must not inject Mermaid directives.
import { afterEach, describe, expect, it } from "vitest";
import { hostileRepo, runCli, type HostileRepo } from "./hostile-repo.js";

// Built at run time so this file does not itself look like it holds secrets.
const GITHUB = "ghp_" + "Zq8rT2vLx9Wm4Kp7Nc3Hd6Jf1Ga5Ue0BsYiQ";
const GITHUB_2 = "ghp_" + "Mn3bV7cX1zL9kJ5hG2fD8sA4qW6eR0tYuIoP";
const STRIPE = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dcQ";
const PASSWORD = "Zx9#qL2!vT7@mK4p";

let repo: HostileRepo;
afterEach(() => repo?.cleanup());

const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe("no secret leaves the process unmasked", () => {
  it("masks tokens in other rules' snippets, in every format and on the terminal", async () => {
    repo = hostileRepo();
    repo.write(
      "app/client.py",
      `import requests\n\n\ndef fetch(url):\n    return requests.get(url, headers={"Authorization": "token ${GITHUB}"})\n`,
    );
    repo.write(
      "package.json",
      JSON.stringify(
        { name: "svc", version: "1.0.0", scripts: { deploy: `API_TOKEN=${GITHUB_2} node deploy.js` } },
        null,
        2,
      ),
    );
    repo.write("src/pay.js", `const stripe = require("stripe")("${STRIPE}");\neval(process.argv[2]);\n`);
    repo.write("db.py", `import os\nos.system("mysql -u root -p${PASSWORD}")\npassword = "${PASSWORD}"\n`);
    repo.commit("service");
    const run = await runCli(
      repo.root,
      ["audit", ".", "--out", "../out", "--format", "md,json,sarif,html", "--no-timestamp", "--jobs", "1"],
      "../out",
    );
    expect(run.code).toBe(0);
    for (const secret of [GITHUB, GITHUB_2, STRIPE, PASSWORD]) expect(run.everything).not.toContain(secret);
    expect(run.files["AUDIT.md"]).toContain("ghp_…");
  });

  it("masks commit subjects and head lines in DELTA.md, delta.json and the terminal", async () => {
    repo = hostileRepo();
    repo.write("src/index.js", "export const answer = 42;\n");
    const base = repo.commit("base");
    repo.write("config/settings.py", `GITHUB_TOKEN = "${GITHUB}"\nimport os\nos.system(input())\n`);
    repo.commit(`add deploy token ${GITHUB_2}`);
    const run = await runCli(
      repo.root,
      ["delta", `${base}..HEAD`, ".", "--out", "../out", "--no-timestamp", "--jobs", "1"],
      "../out",
    );
    expect(run.code).toBe(0);
    expect(run.files["DELTA.md"]).toBeDefined();
    for (const secret of [GITHUB, GITHUB_2]) expect(run.everything).not.toContain(secret);
  });

  it("masks secret-looking keys and values echoed by configuration errors", async () => {
    repo = hostileRepo();
    repo.write("src/index.js", "export const answer = 42;\n");
    repo.write("codeaudit.config.json", JSON.stringify({ [GITHUB]: true }));
    repo.commit("config");
    const run = await runCli(repo.root, ["audit", ".", "--out", "../out", "--quiet"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown key");
    expect(run.stderr).not.toContain(GITHUB);
  });
});

describe("control and bidirectional characters never reach an output raw", () => {
  it("escapes them from file names and contents in md, html, json, the terminal and DELTA.md", async () => {
    repo = hostileRepo();
    repo.write("src/index.js", "export const answer = 42;\n");
    const base = repo.commit("base");
    const clipboard = "\u001b]52;c;cm0gLXJmIH4=\u0007";
    repo.write(
      `src/evil${clipboard}\u001b[2J.js`,
      "// TODO: \u001b[31mred\u001b[0m \u202eevil\n" + "eval(x);\n",
    );
    repo.write(`src/\u202egnp.js`, "eval(y);\n");
    repo.write("src/%%{init: {'theme':'dark'}}%%.js", "import './index.js';\n");
    repo.commit("names \u001b[2J");
    const audit = await runCli(
      repo.root,
      ["audit", ".", "--out", "../out", "--format", "md,json,sarif,html", "--no-timestamp", "--jobs", "1"],
      "../out",
    );
    expect(audit.code).toBe(0);
    expect(audit.everything).not.toMatch(RAW_CONTROL);
    expect(audit.files["AUDIT.md"]).toContain("\\x1b");
    const parsed = JSON.parse(audit.files["audit.json"] ?? "{}") as {
      findings: Array<{ location: { path: string } | null }>;
    };
    expect(parsed.findings.some((f) => f.location?.path.includes("\u202e"))).toBe(true);
    const delta = await runCli(
      repo.root,
      ["delta", `${base}..HEAD`, ".", "--out", "../dout", "--no-timestamp", "--jobs", "1"],
      "../dout",
    );
    expect(delta.code).toBe(0);
    expect(delta.everything).not.toMatch(RAW_CONTROL);
    const mermaid = /```mermaid\n([\s\S]*?)```/.exec(delta.files["DELTA.md"] ?? "")?.[1] ?? "";
    expect(mermaid).toContain("init");
    expect(mermaid).not.toMatch(/%%|\{/);
  });
});
