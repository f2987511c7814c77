// docker/add-instead-of-copy: ADD used for local files, where COPY does the same without surprises.
import { defineRule } from "../define-rule.js";

export default defineRule({
  id: "docker/add-instead-of-copy",
  area: "containers",
  severity: "low",
  title: "ADD used where COPY serves",
  effortMinutes: 5,
  confidence: "certain",
  notes: ["ADD of URLs, git repositories and local tar archives (which ADD extracts) is not reported."],
  docs: {
    rationale:
      "ADD also fetches URLs and unpacks archives, so its effect depends on what the source happens to be. COPY does only what it says.",
    impact: "Unexpected extraction or remote downloads make builds less predictable and harder to review.",
    fix: "Use COPY for local files; use RUN with curl plus checksum verification for downloads.",
    example: { language: "dockerfile", bad: "ADD . /app", good: "COPY . /app" },
  },
  applies: (facts) =>
    facts.docker?.dockerfiles.length ? true : { status: "not-applicable", reason: "no Dockerfile" },
  check({ facts, report }) {
    for (const df of facts.docker.dockerfiles) {
      for (const stage of df.stages) {
        for (const ins of stage.instructions) {
          if (ins.keyword !== "ADD") continue;
          const sources = ins.args
            .split(/\s+/)
            .filter((a) => a && !a.startsWith("--"))
            .slice(0, -1);
          if (
            sources.length === 0 ||
            sources.some(
              (s) =>
                /^(https?|git|ssh):\/\/|^git@|\.(tar(\.\w+)?|tgz|tbz2?|txz)$/i.test(s) || s.startsWith("["),
            )
          )
            continue;
          report({
            path: df.path,
            line: ins.line,
            message: `\`ADD ${ins.args}\` copies local files: use COPY`,
            key: `add:${sources.join(" ")}`,
          });
        }
      }
    }
  },
});
