// Pending runs: written whole, recorded in order on the store's next opening, kept (never lost) when unreadable.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { audit as auditPath } from "../index.js";
import type { Audit } from "../model/audit.js";
import { openStore } from "./open-store.js";
import { queueAudit } from "./record-audit.js";
import { pendingFolder, pendingRuns, spoolRun } from "./run-spool.js";
import { repositoryIdentity } from "./repository-identity.js";

const fixture = join(import.meta.dirname, "..", "..", "test", "fixtures", "go-service");
let audit: Audit;
let dir: string;

beforeAll(async () => {
  audit = (await auditPath(fixture, { noTimestamp: true })).audit;
  dir = mkdtempSync(join(tmpdir(), "codeaudit-spool-"));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("pending runs of the embedded store", () => {
  it("records queued runs when the store is next opened, oldest first, and removes their files", async () => {
    const store = join(dir, "queued");
    const location = { kind: "embedded", dir: store } as const;
    // From sources no recorder is started, so the runs wait until the store is opened.
    expect(await queueAudit(location, audit, { kind: "audit", configuration: { a: 1 } })).toBe("pending");
    const later = { ...audit, repository: { ...audit.repository, commit: "b".repeat(40) } };
    expect(await queueAudit(location, later, { kind: "audit", configuration: { a: 1 } })).toBe("pending");
    expect(pendingRuns(store)).toHaveLength(2);
    expect(existsSync(join(store, "pgdata"))).toBe(false);

    const opened = await openStore(location);
    try {
      expect(opened.pendingDrain).toEqual({ recorded: 2, failed: [] });
      const identity = repositoryIdentity(
        audit.repository.root,
        audit.repository.scope.gitRoot,
        audit.repository.scope.subfolder,
        audit.repository.name,
      ).identity;
      const runs = await opened.runs(identity, "audit");
      expect(runs.map((run) => run.commit)).toEqual([audit.repository.commit, "b".repeat(40)]);
    } finally {
      await opened.close();
    }
    expect(pendingRuns(store)).toEqual([]);
  }, 120_000);

  it("keeps a pending file it cannot read as .failed with the reason, and records the others", async () => {
    // The store of the test before, already created: creating one costs seconds of WebAssembly start-up.
    const store = join(dir, "queued");
    const identity = repositoryIdentity(audit.repository.root, null, "", audit.repository.name);
    spoolRun(store, { audit, kind: "audit", repository: identity, configHash: "c1" });
    writeFileSync(join(pendingFolder(store), "000000000000001-1-deadbeef.json"), "{ not json");
    const opened = await openStore({ kind: "embedded", dir: store });
    try {
      expect(opened.pendingDrain?.recorded).toBe(1);
      expect(opened.pendingDrain?.failed).toHaveLength(1);
      expect(opened.pendingDrain?.failed[0]?.file).toMatch(/deadbeef\.json\.failed$/);
    } finally {
      await opened.close();
    }
    const left = readdirSync(pendingFolder(store)).sort();
    expect(left).toEqual([
      "000000000000001-1-deadbeef.json.failed",
      "000000000000001-1-deadbeef.json.failed.txt",
    ]);
    expect(readFileSync(join(pendingFolder(store), left[0]!), "utf8")).toBe("{ not json");
  }, 120_000);

  it("writes a pending run whole: no partial file is ever listed", () => {
    const store = join(dir, "whole");
    const identity = repositoryIdentity(audit.repository.root, null, "", audit.repository.name);
    const path = spoolRun(store, { audit, kind: "audit", repository: identity, configHash: "c1" });
    expect(pendingRuns(store)).toEqual([path.slice(pendingFolder(store).length + 1)]);
    expect(JSON.parse(readFileSync(path, "utf8")).input.audit.repository.commit).toBe(
      audit.repository.commit,
    );
    expect(readdirSync(pendingFolder(store)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });
});
