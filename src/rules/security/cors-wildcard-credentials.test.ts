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

  it("is medium when only an environment opt-in turns the wildcard on, high when it is the default branch", async () => {
    const settings = (condition: string) =>
      [
        "from os import environ",
        `if ${condition}:`,
        "    CORS_ALLOW_ALL_ORIGINS = True",
        "else:",
        '    CORS_ALLOWED_ORIGIN_REGEXES = [r"chrome-extension://*"]',
        "CORS_ALLOW_CREDENTIALS = True",
        "",
      ].join("\n");
    const findings = await findingsOf(ID, {
      "optin/settings.py": settings('environ.get("DISABLE_CORS")'),
      "default/settings.py": settings('not environ.get("STRICT_CORS")'),
      "debug/settings.py": settings("DEBUG"),
    });
    expect(findings.map((f) => [f.location?.path, f.severity])).toEqual([
      ["debug/settings.py", "high"],
      ["default/settings.py", "high"],
      ["optin/settings.py", "medium"],
    ]);
    expect(findings[2]?.message).toContain("DISABLE_CORS environment variable is set");
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
