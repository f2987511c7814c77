import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "python/session-not-closed";

describe(ID, () => {
  it("fires on a session that is yielded or used without close", async () => {
    const source = [
      "from sqlalchemy.orm import Session, sessionmaker",
      "factory = sessionmaker(bind=engine)",
      "def get_db():",
      "    db = factory()",
      "    yield db",
      "def count(engine):",
      "    s = Session(engine)",
      "    return s.query(User).count()",
    ].join("\n");
    const findings = await findingsOf(ID, { "app/db.py": source });
    expect(findings.map((f) => f.location?.startLine)).toEqual([4, 7]);
    const migration = await findingsOf(ID, {
      "migrations/versions/a1.py":
        "from alembic import op\nfrom sqlalchemy.orm import Session\ndef upgrade():\n    session = Session(bind=op.get_bind())\n    session.add(X())\n",
    });
    expect(migration.map((f) => f.severity)).toEqual(["low"]);
  });

  it("stays silent on close in finally, with blocks, returned sessions and unrelated sessions", async () => {
    const source = [
      "import requests",
      "from app.db import SessionLocal",
      "def get_db():",
      "    db = SessionLocal()",
      "    try:",
      "        yield db",
      "    finally:",
      "        db.close()",
      "def b():",
      "    with SessionLocal() as db:",
      "        db.commit()",
      "def c():",
      "    db = SessionLocal()",
      "    with db:",
      "        db.commit()",
      "def make():",
      "    db = SessionLocal()",
      "    return db",
      "def make_factory(engine):",
      "    from sqlalchemy.orm import sessionmaker",
      "    session_factory = sessionmaker(bind=engine)",
      "    return session_factory",
      "def aws():",
      "    from boto3 import Session as Session",
      "    s = Session()",
      "    return s.client('s3').list_buckets()",
      "def http():",
      "    s = requests.Session()",
      "    s.get('x', timeout=1)",
    ].join("\n");
    expect(await findingsOf(ID, { "app/db.py": source })).toEqual([]);
  });

  it("is low for a session bound to a connection the caller owns", async () => {
    const source = [
      "from sqlalchemy import event",
      "from sqlalchemy.orm import Session",
      '@event.listens_for(Rating, "after_insert")',
      "def update_rating(_, connection, target):",
      "    session = Session(bind=connection)",
      "    recompute(session, target)",
      "    session.commit()",
      "def job(engine):",
      "    session = Session(bind=engine)",
      "    session.commit()",
    ].join("\n");
    const findings = await findingsOf(ID, { "app/models.py": source });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual(["5:low", "9:medium"]);
  });

  it("is low in a bundled copy of another project's code", async () => {
    const code =
      "from app.db import SessionLocal\ndef lookup(name):\n    sess = SessionLocal()\n    return sess.dns(name)\n";
    const zlib =
      "# 1. The origin of this software must not be misrepresented; you must not\n#    claim that you wrote the original software.\n";
    const findings = await findingsOf(ID, { "mail/dkim/dnsplug.py": zlib + code, "app/lookup.py": code });
    expect(findings.map((f) => `${f.location?.path}:${f.severity}`).sort()).toEqual([
      "app/lookup.py:medium",
      "mail/dkim/dnsplug.py:low",
    ]);
  });
});
