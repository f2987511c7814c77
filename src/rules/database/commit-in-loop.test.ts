import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "python/commit-in-loop";

describe(ID, () => {
  it("fires on a session commit inside for and while loops", async () => {
    const source = [
      "from sqlalchemy.orm import Session",
      "def load(db: Session, rows):",
      "    for row in rows:",
      "        db.add(Item(**row))",
      "        db.commit()",
      "def drain(conn, q):",
      "    while q:",
      "        conn.execute(q.pop())",
      "        conn.commit()",
    ].join("\n");
    const findings = await findingsOf(ID, { "app/load.py": source });
    expect(findings.map((f) => f.location?.startLine)).toEqual([5, 9]);
  });

  it("stays silent on a commit after the loop, inside a nested function, git commits and files without a database import", async () => {
    const source = [
      "import sqlite3",
      "def load(db, rows):",
      "    for row in rows:",
      "        db.add(row)",
      "    db.commit()",
      "def repo_history(repo, files):",
      "    for f in files:",
      "        repo.index.commit(f)",
      "def factory(db, rows):",
      "    for row in rows:",
      "        def save():",
      "            db.commit()",
    ].join("\n");
    expect(
      await findingsOf(ID, {
        "app/load.py": source,
        "app/git.py": "def f(db, xs):\n    for x in xs:\n        db.commit()\n",
      }),
    ).toEqual([]);
  });

  it("is low when the commit only runs in the loop's except handler", async () => {
    const source = [
      "from sqlalchemy.orm import Session",
      "def refresh(db, queries):",
      "    for query in queries:",
      "        try:",
      "            check(query)",
      "        except Exception:",
      "            query.disabled = True",
      "            db.session.commit()",
    ].join("\n");
    const findings = await findingsOf(ID, { "app/jobs.py": source });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual(["8:low"]);
  });
});
