import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "python/cors-wildcard-credentials";

describe(ID, () => {
  it("fires on Starlette, flask-cors and django-cors-headers wildcard origins with credentials", async () => {
    const fastapi = 'app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)\n';
    const flask = 'CORS(app, origins="*", supports_credentials=True)\n';
    const django = "CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True\n";
    const findings = await findingsOf(ID, {
      "app/main.py": fastapi,
      "web/app.py": flask,
      "proj/settings.py": django,
    });
    expect(findings.map((f) => `${f.location?.path}:${f.location?.startLine}`)).toEqual([
      "app/main.py:1",
      "proj/settings.py:1",
      "web/app.py:1",
    ]);
  });

  it("stays silent on explicit origins, or a wildcard without credentials", async () => {
    const source = [
      'app.add_middleware(CORSMiddleware, allow_origins=["https://shop.example"], allow_credentials=True)',
      'app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=False)',
      'app.add_middleware(CORSMiddleware, allow_origins=["*"])',
      "app.add_middleware(CORSMiddleware, allow_origins=settings.origins, allow_credentials=True)",
    ].join("\n");
    expect(
      await findingsOf(ID, { "app/main.py": source, "proj/settings.py": "CORS_ALLOW_ALL_ORIGINS = True\n" }),
    ).toEqual([]);
  });
});
