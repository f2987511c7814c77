// docker/package-cache-left: RUN installs packages and leaves the package manager's cache in the image layer.
import type { DockerInstruction } from "../../facts/docker/index.js";
import { lineOfText, unifiedDiffForEdits, type TextEdit } from "../../util/unified-diff.js";
import { defineRule } from "../define-rule.js";

interface Manager {
  install: RegExp;
  clean: RegExp;
  name: string;
  fix: string;
  /** How the patch cleans: a flag after every install command, or a clean-up command appended to the RUN. */
  patch: { flag: string } | { append: (install: string) => string };
}

const MANAGERS: Manager[] = [
  {
    name: "apt-get",
    install: /\bapt(-get)?\s+(-\S+\s+)*install\b/,
    clean: /rm\s+-[rf]+\s+\/var\/lib\/apt\/lists|--mount=type=cache/,
    fix: "&& rm -rf /var/lib/apt/lists/*",
    patch: { append: () => "rm -rf /var/lib/apt/lists/*" },
  },
  {
    name: "apk",
    install: /\bapk\s+(-\S+\s+)*add\b/,
    clean: /--no-cache\b|rm\s+-[rf]+\s+\/var\/cache\/apk|--mount=type=cache/,
    fix: "apk add --no-cache",
    patch: { flag: "--no-cache" },
  },
  {
    name: "yum/dnf",
    install: /\b(yum|dnf|microdnf)\s+(-\S+\s+)*install\b/,
    clean: /\b(yum|dnf|microdnf)\s+clean\s+all\b|rm\s+-[rf]+\s+\/var\/cache\/(yum|dnf)|--mount=type=cache/,
    fix: "&& dnf clean all",
    patch: { append: (install) => `${/^\w+/.exec(install)?.[0] ?? "dnf"} clean all` },
  },
  {
    name: "pip",
    install: /\bpip3?\s+(-\S+\s+)*install\b/,
    clean: /--no-cache-dir\b|PIP_NO_CACHE_DIR|--mount=type=cache|rm\s+-[rf]+\s+\S*\.cache\/pip/,
    fix: "pip install --no-cache-dir",
    patch: { flag: "--no-cache-dir" },
  },
];

export default defineRule({
  id: "docker/package-cache-left",
  area: "containers",
  severity: "low",
  title: "Package manager cache left in the image",
  effortMinutes: 5,
  confidence: "certain",
  notes: [
    "Only the final stage is checked (builder-stage caches do not ship).",
    "ENV PIP_NO_CACHE_DIR in the stage, or a BuildKit cache mount on the RUN, counts as cleaning.",
    "Ready-to-apply patches: `--no-cache` after every `apk add` and `--no-cache-dir` after every `pip install` of the RUN (when each sits on one line); ` && rm -rf /var/lib/apt/lists/*` or ` && dnf/yum clean all` appended to the RUN's last line — not when that line has a `#` (a shell comment would swallow it), not for exec-form or heredoc RUNs, and for apt not when a later RUN of the stage uses apt again (it would find no package lists).",
  ],
  docs: {
    rationale:
      "Package indexes and downloaded archives left in a RUN layer stay in the image forever, even if a later layer deletes them. They add tens to hundreds of megabytes.",
    impact: "Larger images pull slower, cost more to store and carry more files for scanners to flag.",
    fix: "Clean in the same RUN (`rm -rf /var/lib/apt/lists/*`), or use `apk add --no-cache` / `pip install --no-cache-dir`, or a BuildKit cache mount.",
    example: {
      language: "dockerfile",
      bad: "RUN apt-get update && apt-get install -y curl",
      good: "RUN apt-get update && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*",
    },
  },
  applies: (facts) =>
    facts.docker?.dockerfiles.length ? true : { status: "not-applicable", reason: "no Dockerfile" },
  check({ facts, report, readText }) {
    for (const df of facts.docker.dockerfiles) {
      const final = df.stages[df.stages.length - 1];
      if (!final) continue;
      const stageEnv =
        final.env.map((e) => e.name).join(" ") +
        " " +
        df.stages.flatMap((s) => s.env.map((e) => e.name)).join(" ");
      final.instructions.forEach((ins, index) => {
        if (ins.keyword !== "RUN") return;
        for (const m of MANAGERS) {
          if (!m.install.test(ins.args) || m.clean.test(ins.args) || m.clean.test(stageEnv)) continue;
          const later = final.instructions.slice(index + 1);
          const reusesLists =
            m.name === "apt-get" && later.some((l) => l.keyword === "RUN" && /\bapt(-get)?\s/.test(l.args));
          report({
            path: df.path,
            line: ins.line,
            endLine: ins.endLine,
            message: `${m.name} install leaves its cache in the layer (add \`${m.fix}\`)`,
            key: `${m.name}:${ins.args.slice(0, 60)}`,
            patch: reusesLists ? null : cleaningPatch(df.path, readText(df.path), ins, m),
          });
        }
      });
    }
  },
});

/** The edit that makes one RUN clean up after one package manager, or null when its shape is unusual. */
function cleaningPatch(path: string, text: string | null, ins: DockerInstruction, m: Manager): string | null {
  if (text === null || ins.args.startsWith("[") || ins.args.includes("<<")) return null;
  const lines: Array<{ start: number; content: string }> = [];
  for (let line = ins.line; line <= ins.endLine; line++) {
    const at = lineOfText(text, line);
    if (at === null) return null;
    lines.push(at);
  }
  const edits: TextEdit[] = [];
  if ("flag" in m.patch) {
    const every = new RegExp(m.install.source, "g");
    const expected = [...ins.args.matchAll(every)].length;
    for (const { start, content } of lines) {
      if (/^\s*#/.test(content)) continue;
      for (const match of content.matchAll(every)) {
        const at = start + match.index + match[0].length;
        edits.push({ start: at, end: at, inserted: ` ${m.patch.flag}` });
      }
    }
    if (edits.length !== expected) return null;
  } else {
    const last = lines[lines.length - 1];
    const install = m.install.exec(ins.args)?.[0] ?? "";
    if (!last || last.content.includes("#") || /[;&|]\s*$/.test(last.content)) return null;
    const at = last.start + last.content.trimEnd().length;
    edits.push({ start: at, end: at, inserted: ` && ${m.patch.append(install)}` });
  }
  return edits.length > 0 ? unifiedDiffForEdits(path, text, edits) : null;
}
