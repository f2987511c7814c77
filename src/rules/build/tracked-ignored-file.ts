// build/tracked-ignored-file: files the repository's own .gitignore ignores are committed anyway — build output,
// dependencies, local env files. Low as clutter; medium when the file is secrets-shaped (an env file setting a secret, a
// private key), since every clone and fork carries what the .gitignore was written to keep out.
import { defineRule } from "../define-rule.js";

const SHOWN = 8;
/** An env file named for test runs or local development (`.env.test`, `.env.development`, `test.env`). */
const LOCAL_ENV =
  /^(\.env\.(test|testing|development|dev|e2e|ci)(\.local)?|(test|testing|development|dev)\.env)$/;

export default defineRule({
  id: "build/tracked-ignored-file",
  area: "build",
  severity: "low",
  title: "Committed files that .gitignore ignores",
  effortMinutes: 10,
  confidence: "certain",
  notes: [
    "Read from the audited tree and its .gitignore files (nested ones apply below their folder, a deeper file overriding a shallower one, `!` re-includes honoured); the tree holds tracked files and untracked files git does not ignore, so a listed path a rule matches is tracked. A global excludes file and the clone's own exclude list are not read: they are not the project's.",
    "Placeholders committed to keep an ignored folder in every clone (`.gitkeep`, `.keep`, `.empty`) are not listed. One low finding listing the tracked ignored files; one medium finding per secrets-shaped file: an env file (`.env`, `.env.local`, `x.env`, not `.env.example`/`.sample`/`.template`) that sets a secret-named variable (`…_SECRET`, `…_PASSWORD`, `…_TOKEN`, `API_KEY`) or a URL with a password to a value that is not a placeholder, or a file holding a PEM private key. An env file of settings only (a compose project name, hosts, ports) is clutter. An env file named for test runs or local development (`.env.test`, `.env.development`, `test.env`) is low: its values are those of a test database or a developer's machine.",
  ],
  docs: {
    rationale:
      "A .gitignore rule states that a path should not be in the repository. A file committed before the rule, or added with `git add -f`, stays tracked regardless: changes to it still show up in diffs and merges, builds read a stale copy, and an env file or key meant to stay on one machine is in every clone, fork and backup of the history.",
    impact:
      "Stale build output or dependencies shadow the real ones; credentials in a committed env file or key are exposed to everyone with read access.",
    fix: "Stop tracking the file while keeping it on disk: `git rm --cached <path>` and commit. For an env file or key with real values, also rotate those values — removing the file does not remove it from history.",
    example: {
      language: "bash",
      bad: "# .gitignore\n.env.local\n# but .env.local is in the repository with DATABASE_PASSWORD=s3cr3t",
      good: "git rm --cached .env.local   # keep a committed .env.example with placeholder values instead",
    },
  },
  applies: (facts) =>
    (facts.trackedIgnored?.files.length ?? 0) > 0
      ? true
      : { status: "not-applicable", reason: "no tracked file is matched by a .gitignore rule" },
  check({ facts, report }) {
    const files = facts.trackedIgnored.files;
    for (const file of files.filter((f) => f.secret !== null)) {
      // `.env.test`, `.env.development`: the values a test run or a developer's machine uses, not a deployment's.
      const local = file.secret !== "private-key" && LOCAL_ENV.test(file.path.split("/").pop() ?? "");
      const what =
        file.secret === "private-key"
          ? "a private key"
          : local
            ? "the env file of test runs or local development, whose values stay on that machine's services"
            : "an env file that sets a secret";
      report({
        path: file.path,
        line: 1,
        severity: local ? "low" : "medium",
        message: `${file.path} is committed although ${file.gitignore}:${file.line} ignores it (\`${file.pattern}\`), and it is ${what}: every clone carries it`,
        key: `secret:${file.path}`,
        snippet: `${file.gitignore}:${file.line}: ${file.pattern}`,
        fix: `\`git rm --cached ${file.path}\`, commit, and rotate the values it holds (they stay in history).`,
        related: [{ path: file.gitignore, startLine: file.line, endLine: file.line }],
      });
    }
    const clutter = files.filter((f) => f.secret === null);
    const first = clutter[0];
    if (!first) return;
    const shown = clutter.slice(0, SHOWN).map((f) => `${f.path} (${f.gitignore}:${f.line} \`${f.pattern}\`)`);
    report({
      path: first.path,
      line: 1,
      message: `${clutter.length} committed file${clutter.length > 1 ? "s are" : " is"} ignored by .gitignore: ${shown.join(", ")}${
        clutter.length > SHOWN ? `, and ${clutter.length - SHOWN} more` : ""
      }`,
      key: "tracked-ignored",
      snippet: clutter
        .slice(0, SHOWN)
        .map((f) => f.path)
        .join("\n"),
      related: [...new Set(clutter.map((f) => f.gitignore))]
        .slice(0, SHOWN)
        .map((path) => ({ path, startLine: 1, endLine: 1 })),
    });
  },
});
