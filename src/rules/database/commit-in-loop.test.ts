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

  it("is low when each item is its own unit of work, does work outside the database, or is a child of one record", async () => {
    const source = [
      "from sqlalchemy.orm import Session",
      "import shutil",
      "def recost(db_session, cases):",
      "    for case in cases:",
      "        try:",
      "            case.cost = price(case)",
      "            db_session.commit()",
      "        except Exception as e:",
      "            log.exception(e)",
      "def sync(db_session, sources, plugin):",
      "    for s in sources:",
      "        data = plugin.instance.get(external_id=s.external_id)",
      "        s.name = data['name']",
      "        db_session.commit()",
      "def move(db, books):",
      "    for book in books:",
      "        shutil.move(book.path, book.new_path)",
      "        db.commit()",
      "def roles(db, participant):",
      "    for role in participant.roles:",
      "        role.active = False",
      "        db.commit()",
    ].join("\n");
    const findings = await findingsOf(ID, { "app/jobs.py": source });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual([
      "7:low",
      "14:low",
      "18:low",
      "22:low",
    ]);
    expect(findings[1]?.message).toContain("also calls `plugin.instance.get`");
  });

  it("stays medium for pure database work, and silent under a batch condition", async () => {
    const source = [
      "from datetime import datetime",
      "from sqlalchemy import text",
      "from sqlalchemy.orm import Session",
      "def remind(db_session, tasks):",
      "    for task in tasks:",
      "        task.last_reminder_at = datetime.utcnow()",
      "        db_session.execute(text('UPDATE stats SET n = n + 1'))",
      "        log.debug('reminded %s', task.id)",
      "        db_session.commit()",
      "def recount(db_session, rows):",
      "    for row in rows:",
      "        try:",
      "            db_session.add(Item(name=row['name'].strip()))",
      "            db_session.commit()",
      "        except Exception:",
      "            raise",
      "def batched(db, rows, batch_size):",
      "    for i, row in enumerate(rows):",
      "        db.add(Item(**row))",
      "        if i % batch_size == 0:",
      "            db.commit()",
    ].join("\n");
    const findings = await findingsOf(ID, { "app/jobs.py": source });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual(["9:medium", "14:medium"]);
  });
});
