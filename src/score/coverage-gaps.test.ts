import { describe, expect, it } from "vitest";
import { analyseFiles } from "../../test/helpers/audit-harness.js";
import { renderMarkdown } from "../report/markdown/render-markdown.js";
import { buildAudit } from "./build-audit.js";

describe("frameworks no check reads", () => {
  it("are named in What Was Not Analysed and in the areas they would feed", async () => {
    const result = await analyseFiles({
      "package.json": JSON.stringify({
        name: "shop",
        private: true,
        dependencies: {
          next: "14.2.0",
          "@prisma/client": "5.10.0",
          "@trpc/server": "10.45.0",
          react: "18.2.0",
        },
      }),
      "app/api/orders/route.ts":
        "export async function POST(): Promise<Response> {\n  return new Response('ok');\n}\n",
      "app/page.tsx": "export default function Page() {\n  return null;\n}\n",
    });
    const audit = buildAudit(result, { toolVersion: "0", generatedAt: null, weights: {} });
    expect(audit.coverage.uncoveredFrameworks).toEqual([
      { name: "Prisma", evidence: { path: "package.json", line: 1 }, areas: ["database"] },
      { name: "tRPC procedures", evidence: { path: "package.json", line: 1 }, areas: ["web", "security"] },
      {
        name: "Next.js route handlers",
        evidence: { path: "app/api/orders/route.ts", line: 1 },
        areas: ["web", "security"],
      },
    ]);
    const md = renderMarkdown(audit);
    expect(md).toContain("Frameworks in use that no check reads");
    expect(md).toContain("- Prisma (`package.json:1`) — would feed Database");
    expect(md).toContain("> Not analysed here: Prisma (`package.json:1`) — in use, but no check reads it.");
  });

  it("are not named for a framework without the files that make it uncovered, nor for dev dependencies", async () => {
    const result = await analyseFiles({
      "package.json": JSON.stringify({
        name: "site",
        private: true,
        dependencies: { next: "14.2.0" },
        devDependencies: { prisma: "5.10.0" },
      }),
      "app/page.tsx": "export default function Page() {\n  return null;\n}\n",
    });
    const audit = buildAudit(result, { toolVersion: "0", generatedAt: null, weights: {} });
    expect(audit.coverage.uncoveredFrameworks).toEqual([]);
  });
});
