// Facts pack: secrets added anywhere in git history (`--history [range]`), including ones removed since.
// Runs only when the history range setting is given; scans one `git log -p` stream synchronously.
import { scanHistoryForSecretsSync, type HistorySecret } from "../../history/scan.js";
import { defineCollector, definePack } from "../define.js";

export interface SecretHistoryFacts {
  /** False when the scan was not asked for or could not run; `reason` says which. */
  scanned: boolean;
  reason: string | null;
  /** The range scanned (`HEAD` means everything reachable from HEAD). */
  range: string | null;
  secrets: HistorySecret[];
}

declare module "../repo-facts.js" {
  interface RepoFacts {
    secretHistory: SecretHistoryFacts;
  }
}

export const secretHistoryCollector = defineCollector({
  id: "secretHistory",
  collect(ctx) {
    const range = ctx.settings.historyRange;
    if (range === null)
      return { scanned: false, reason: "history scan not requested (--history)", range, secrets: [] };
    if (!ctx.facts.repo.git)
      return { scanned: false, reason: "not a git repository: history not scanned", range, secrets: [] };
    try {
      const secrets = scanHistoryForSecretsSync(ctx.facts.repo.root, range);
      // A shallow clone has only the newest commits: "no secret in history" would claim more than was read.
      const shallow = ctx.facts.repo.git.shallow === true;
      if (shallow)
        ctx.diagnose({
          kind: "git",
          path: ".git",
          message:
            "shallow clone: the history scan read only the fetched commits (run `git fetch --unshallow` to scan all)",
        });
      return {
        scanned: true,
        reason: shallow ? "shallow clone: only the fetched commits were scanned" : null,
        range,
        secrets,
      };
    } catch (error) {
      ctx.diagnose({
        kind: "git",
        path: ".git",
        message: `history scan failed: ${(error as Error).message}`,
      });
      return {
        scanned: false,
        reason: `history scan failed: ${(error as Error).message}`,
        range,
        secrets: [],
      };
    }
  },
});

export default definePack({
  name: "secret-history",
  collectors: [secretHistoryCollector],
  describe(facts) {
    const history = facts.secretHistory;
    // Not asked for: nothing to say in the report (the rule's check says "not applicable").
    if (!history.scanned && history.range === null) return [];
    if (!history.scanned)
      return [{ area: "security", label: "Secret scan (git history)", value: history.reason ?? "not run" }];
    const removed = history.secrets.filter((s) => !s.stillPresent).length;
    return [
      {
        area: "security",
        label: "Secret scan (git history)",
        value: `${history.secrets.length} secrets added in ${history.range} (${removed} since removed from the tree, still in history)${history.reason ? `; ${history.reason}` : ""}`,
      },
    ];
  },
});
