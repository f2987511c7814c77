import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "security/ssrf-request-url";

describe(ID, () => {
  it("fires when a request parameter reaches an outgoing request in the same handler (Go, Python, TypeScript)", async () => {
    const go = [
      "package api",
      'import ("net/http"; "net/url")',
      "func preview(w http.ResponseWriter, r *http.Request) {",
      '\ttarget := r.URL.Query().Get("url")',
      "\tu, err := url.Parse(target)",
      "\tif err != nil { return }",
      '\treq, _ := http.NewRequest("GET", u.String(), nil)',
      "\thttp.DefaultClient.Do(req)",
      "}",
    ].join("\n");
    const python = [
      "import requests",
      "from flask import request",
      "def preview():",
      '    return requests.get(request.args["url"], timeout=5).text',
    ].join("\n");
    const ts = [
      "import express from 'express';",
      "const app = express();",
      "app.post('/hooks/test', async (req, res) => {",
      "  const { url } = req.body;",
      "  const r = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(5000) });",
      "  res.status(r.status).end();",
      "});",
    ].join("\n");
    const findings = await findingsOf(ID, {
      "api/preview.go": go,
      "app/views.py": python,
      "server/hooks.ts": ts,
    });
    expect(findings.map((f) => [f.location?.path, f.location?.startLine, f.severity])).toEqual([
      ["api/preview.go", 7, "high"],
      ["app/views.py", 4, "high"],
      ["server/hooks.ts", 5, "high"],
    ]);
  });

  it("stays silent on fixed hosts, checked destinations and values that are not URLs", async () => {
    const go = [
      "package api",
      'import ("fmt"; "net/http")',
      "func item(w http.ResponseWriter, r *http.Request) {",
      '\tid := r.URL.Query().Get("id")',
      '\thttp.Get(fmt.Sprintf("https://api.example.com/items/%s", id))',
      '\thttp.Get("https://api.example.com/items/" + id)',
      "}",
    ].join("\n");
    const guarded = [
      "import requests",
      "from flask import request",
      "def preview():",
      '    url = request.args["url"]',
      "    if urlparse(url).hostname not in ALLOWED_HOSTS:",
      "        abort(400)",
      "    return requests.get(url, timeout=5).text",
      "",
      "async def reviews(ext_id, request):",
      "    async with httpx.AsyncClient() as client:",
      "        query_string = str(request.query_params)",
      '        return await client.get(settings.reviews_url + f"/reviews/{ext_id}?{query_string}")',
    ].join("\n");
    const ts = [
      "import express from 'express';",
      "export async function proxy(req, res) {",
      "  const id = req.params.id;",
      "  await fetch(`/api/items/${id}`);",
      "  await fetch(process.env.UPSTREAM_URL);",
      "  await fetch(`${config.upstream}/items/${req.query.id}`);",
      "}",
      "export async function download(req, res) {",
      "  const { linkId } = req.body as { linkId: string };",
      "  const doc = await prisma.document.findUnique({ where: { linkId } });",
      "  const downloadUrl = await getFile({ type: doc.storageType, data: doc.file });",
      "  const response = await fetch(downloadUrl);",
      "  res.send(await response.arrayBuffer());",
      "}",
    ].join("\n");
    expect(
      await findingsOf(ID, { "api/item.go": go, "app/views.py": guarded, "server/proxy.ts": ts }),
    ).toEqual([]);
  });
});
