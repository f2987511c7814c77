// docker/add-instead-of-copy: ADD used for local files, where COPY does the same without surprises.
import { lineOfText, unifiedDiffForEdit } from "../../util/unified-diff.js";
import { defineRule } from "../define-rule.js";

const REMOTE_OR_ARCHIVE = /^(https?|git|ssh):\/\/|^git@|\.(tar(\.\w+)?|tgz|tbz2?|txz)$/i;
/** Sources whose kind a rewrite cannot be sure of: variables, globs (may match an archive), heredocs, compressed files. */
const UNCERTAIN_SOURCE = /[$*?[{]|^<<|\.(gz|bz2|xz|zst|lz4|lzma|z)$/i;
/** ADD-only options: COPY would reject them. */
const ADD_ONLY_FLAG = /^--(checksum|keep-git-dir|unpack)\b/;

export default defineRule({
  id: "docker/add-instead-of-copy",
  area: "containers",
  severity: "low",
  title: "ADD used where COPY serves",
  effortMinutes: 5,
  confidence: "certain",
  notes: [
    "ADD of URLs, git repositories and local tar archives (which ADD extracts) is not reported.",
    "A ready-to-apply patch turns the keyword into COPY when every source is a plain local path: no variable (it might expand to a URL), no glob (it might match an archive), no heredoc, no compressed-file extension, and no ADD-only option (--checksum, --keep-git-dir, --unpack).",
  ],
  docs: {
    rationale:
      "ADD also fetches URLs and unpacks archives, so its effect depends on what the source happens to be. COPY does only what it says.",
    impact: "Unexpected extraction or remote downloads make builds less predictable and harder to review.",
    fix: "Use COPY for local files; use RUN with curl plus checksum verification for downloads.",
    example: { language: "dockerfile", bad: "ADD . /app", good: "COPY . /app" },
  },
  applies: (facts) =>
    facts.docker?.dockerfiles.length ? true : { status: "not-applicable", reason: "no Dockerfile" },
  check({ facts, report, readText }) {
    for (const df of facts.docker.dockerfiles) {
      for (const stage of df.stages) {
        for (const ins of stage.instructions) {
          if (ins.keyword !== "ADD") continue;
          const words = ins.args.split(/\s+/).filter(Boolean);
          const sources = words.filter((a) => !a.startsWith("--")).slice(0, -1);
          if (sources.length === 0 || sources.some((s) => REMOTE_OR_ARCHIVE.test(s) || s.startsWith("[")))
            continue;
          const certain =
            !sources.some((s) => UNCERTAIN_SOURCE.test(s)) && !words.some((w) => ADD_ONLY_FLAG.test(w));
          report({
            path: df.path,
            line: ins.line,
            message: `\`ADD ${ins.args}\` copies local files: use COPY`,
            key: `add:${sources.join(" ")}`,
            patch: certain ? addToCopy(df.path, ins.line, readText(df.path)) : null,
          });
        }
      }
    }
  },
});

/** Rewrites the ADD keyword that starts the given line to COPY (in the keyword's own case). */
function addToCopy(path: string, line: number, text: string | null): string | null {
  const at = text === null ? null : lineOfText(text, line);
  const keyword = at === null ? null : /^[ \t]*(add)(?=\s)/i.exec(at.content);
  if (text === null || at === null || !keyword?.[1]) return null;
  const start = at.start + keyword[0].length - keyword[1].length;
  const copy = keyword[1] === keyword[1].toLowerCase() ? "copy" : "COPY";
  return unifiedDiffForEdit(path, text, start, start + 3, copy);
}
