// docker/package-cache-left: RUN installs packages and leaves the package manager's cache in the image layer.
import { defineRule } from "../define-rule.js";

const MANAGERS: Array<{ install: RegExp; clean: RegExp; name: string; fix: string }> = [
  {
    name: "apt-get",
    install: /\bapt(-get)?\s+(-\S+\s+)*install\b/,
    clean: /rm\s+-[rf]+\s+\/var\/lib\/apt\/lists|--mount=type=cache/,
    fix: "&& rm -rf /var/lib/apt/lists/*",
  },
  {
    name: "apk",
    install: /\bapk\s+(-\S+\s+)*add\b/,
    clean: /--no-cache\b|rm\s+-[rf]+\s+\/var\/cache\/apk|--mount=type=cache/,
    fix: "apk add --no-cache",
  },
  {
    name: "yum/dnf",
    install: /\b(yum|dnf|microdnf)\s+(-\S+\s+)*install\b/,
    clean: /\b(yum|dnf|microdnf)\s+clean\s+all\b|rm\s+-[rf]+\s+\/var\/cache\/(yum|dnf)|--mount=type=cache/,
    fix: "&& dnf clean all",
  },
  {
    name: "pip",
    install: /\bpip3?\s+(-\S+\s+)*install\b/,
    clean: /--no-cache-dir\b|PIP_NO_CACHE_DIR|--mount=type=cache|rm\s+-[rf]+\s+\S*\.cache\/pip/,
    fix: "pip install --no-cache-dir",
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
  check({ facts, report }) {
    for (const df of facts.docker.dockerfiles) {
      const final = df.stages[df.stages.length - 1];
      if (!final) continue;
      const stageEnv =
        final.env.map((e) => e.name).join(" ") +
        " " +
        df.stages.flatMap((s) => s.env.map((e) => e.name)).join(" ");
      for (const ins of final.instructions) {
        if (ins.keyword !== "RUN") continue;
        for (const m of MANAGERS) {
          if (!m.install.test(ins.args) || m.clean.test(ins.args) || m.clean.test(stageEnv)) continue;
          report({
            path: df.path,
            line: ins.line,
            endLine: ins.endLine,
            message: `${m.name} install leaves its cache in the layer (add \`${m.fix}\`)`,
            key: `${m.name}:${ins.args.slice(0, 60)}`,
          });
        }
      }
    }
  },
});
