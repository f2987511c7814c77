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

  it("skips a re-exported sessionmaker and a global session, and is low in a command-line command", async () => {
    const source = [
      "import click",
      "from app.database.core import engine, sessionmaker, SessionLocal",
      "session = None",
      "def with_session(slug):",
      "    session_factory = sessionmaker(bind=engine)",
      "    db_session = session_factory()",
      "    try:",
      "        return run(db_session)",
      "    finally:",
      "        db_session.close()",
      "def init_db():",
      "    global session",
      "    session = SessionLocal()",
      "@click.group()",
      "def cli():",
      "    pass",
      "@cli.command()",
      "def list_plugins():",
      "    db_session = SessionLocal()",
      "    print(db_session.query(Plugin).all())",
      "def report():",
      "    db_session = SessionLocal()",
      "    print(db_session.query(Plugin).all())",
      "",
    ].join("\n");
    const findings = await findingsOf(ID, { "app/cli.py": source });
    expect(findings.map((f) => `${f.location?.startLine}:${f.severity}`)).toEqual(["19:low", "22:medium"]);
    expect(findings[0]?.message).toContain("a click command");
  });
});
