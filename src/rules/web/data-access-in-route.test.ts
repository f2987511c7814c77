import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "python/data-access-in-route";

describe(ID, () => {
  it("fires once per router file whose handlers query and commit directly", async () => {
    const source = [
      "from fastapi import APIRouter",
      "router = APIRouter()",
      '@router.get("/items")',
      "def list_items(db = Depends(get_db)):",
      "    return db.query(Item).all()",
      '@router.post("/items")',
      "def create(item: ItemIn, db = Depends(get_db)):",
      "    db.session.add(Item(**item.dict()))",
      "    db.commit()",
    ].join("\n");
    const findings = await findingsOf(ID, { "app/api/items.py": source });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location).toEqual({ path: "app/api/items.py", startLine: 4, endLine: 7 });
    expect(findings[0]?.message).toContain("list_items, create");
  });

  it("stays silent when handlers call services, with a single handler, and on non-route decorators", async () => {
    const services = [
      "from fastapi import APIRouter",
      "router = APIRouter()",
      '@router.get("/items")',
      "def list_items(svc = Depends(ItemService)):",
      "    return svc.list()",
      '@router.post("/items")',
      "def create(item: ItemIn, svc = Depends(ItemService)):",
      "    return svc.create(item)",
    ].join("\n");
    const single =
      'from flask import Flask\napp = Flask(__name__)\n@app.route("/x")\ndef x():\n    return db.session.query(X).all()\n';
    const other = "@cache.get('k')\ndef a():\n    db.commit()\n@cache.get('j')\ndef b():\n    db.commit()\n";
    expect(
      await findingsOf(ID, { "app/api/items.py": services, "app/views.py": single, "app/cache.py": other }),
    ).toEqual([]);
  });
});
