// Clone detection over the clones fixture: exact, renamed, overlapping and in-file copies; near-misses and
// generated copies left out; a golden of the clone classes; the same classes on every run.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import type { ClonesFacts } from "../src/facts/clones/index.js";
import { DEFAULT_COLLECT_SETTINGS } from "../src/facts/define.js";
import { renderHtml } from "../src/report/html/render-html.js";
import { renderMarkdown } from "../src/report/markdown/render-markdown.js";
import { analyseFiles } from "./helpers/audit-harness.js";
import { auditFixture } from "./helpers/render-fixture.js";

const fixture = join(import.meta.dirname, "fixtures", "clones");

function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path).split("\\\\").join("/")] = readFileSync(path, "utf8");
    }
  };
  walk(dir);
  return files;
}

async function clonesOf(files: Record<string, string>, minTokens = 50): Promise<ClonesFacts> {
  const result = await analyseFiles(files, {
    collect: {
      ...DEFAULT_COLLECT_SETTINGS,
      duplication: { enabled: true, minTokens, minLines: 6, languages: {} },
    },
  });
  return result.facts.clones;
}

const placesOf = (clones: ClonesFacts): string[][] =>
  clones.classes.map((c) => c.places.map((p) => `${p.path}:${p.startLine}-${p.endLine}`));

describe("clone classes", async () => {
  const files = readTree(fixture);
  const clones = await clonesOf(files);

  it("finds an exact copy across TypeScript and JavaScript", () => {
    const found = clones.classes.find((c) => c.places.some((p) => p.path === "src/orders/order-total.js"));
    expect(found?.kind).toBe("identical");
    expect(found?.places.map((p) => `${p.path}:${p.startLine}-${p.endLine}`)).toEqual([
      "src/billing/invoice-total.ts:4-15",
      "src/orders/order-total.js:3-14",
    ]);
  });

  it("finds a renamed copy (other names and literals) with its test copy as one class", () => {
    const found = clones.classes.find((c) => c.places.some((p) => p.path === "src/reports/weekly.py"));
    expect(found?.kind).toBe("renamed");
    expect(found?.places.map((p) => p.path)).toEqual([
      "src/reports/monthly.py",
      "src/reports/weekly.py",
      "tests/test_monthly_copy.py",
    ]);
  });

  it("finds a copy inside one file", () => {
    const found = clones.classes.find((c) => c.places.every((p) => p.path === "src/shipping/rates.go"));
    expect(found?.places.map((p) => `${p.startLine}-${p.endLine}`)).toEqual(["5-17", "19-31"]);
  });

  it("keeps overlapping copies as the longest fragment for two places and the shared head for three", () => {
    const users = placesOf(clones).filter((places) => places.some((p) => p.includes("normalise-user")));
    expect(users).toEqual([
      ["src/billing/normalise-user.js:2-19", "src/orders/normalise-user.js:1-18"],
      ["src/billing/normalise-user.js:2-10", "src/orders/normalise-user.js:1-9", "tools/import-users.js:1-9"],
    ]);
  });

  it("leaves out near-misses below the thresholds and generated files", () => {
    const paths = clones.classes.flatMap((c) => c.places.map((p) => p.path));
    expect(paths).not.toContain("src/billing/format.ts");
    expect(paths).not.toContain("gen/users.js");
  });

  it("counts duplicated lines per language and per top-level folder", () => {
    expect(clones.total.codeLines).toBeGreaterThan(clones.total.duplicatedLines);
    expect(clones.byLanguage.map((row) => row.language)).toEqual([
      "javascript",
      "python",
      "go",
      "typescript",
    ]);
    expect(clones.byFolder.find((row) => row.folder === "tools")).toMatchObject({ duplicatedLines: 9 });
  });

  it("finds smaller copies with a lower per-run threshold", async () => {
    const small = await clonesOf(files, 12);
    expect(small.classes.some((c) => c.places.some((p) => p.path === "src/billing/format.ts"))).toBe(false);
    const perLanguage = await analyseFiles(files, {
      collect: {
        ...DEFAULT_COLLECT_SETTINGS,
        duplication: { enabled: true, minTokens: 50, minLines: 6, languages: { python: { minTokens: 200 } } },
      },
    });
    expect(perLanguage.facts.clones.classes.some((c) => c.places[0]?.language === "python")).toBe(false);
  });

  it("searches nothing when turned off", async () => {
    const off = await analyseFiles(files, {
      collect: {
        ...DEFAULT_COLLECT_SETTINGS,
        duplication: { ...DEFAULT_COLLECT_SETTINGS.duplication, enabled: false },
      },
    });
    expect(off.facts.clones.filesSearched).toBe(0);
    expect(off.facts.files.some((file) => "clone-tokens" in file.facts)).toBe(false);
  });

  it("gives the same classes in the same order on every run", async () => {
    const again = await clonesOf(Object.fromEntries(Object.entries(files).reverse()));
    expect(again.classes).toEqual(clones.classes);
  });

  it("renders the golden clone classes", async () => {
    await expect(JSON.stringify(clones, null, 2) + "\n").toMatchFileSnapshot(
      "./__golden__/clones.classes.json",
    );
  });

  it("shows the duplication in audit.json, AUDIT.md and the HTML report", async () => {
    const audit = await auditFixture(fixture);
    expect(audit.duplication?.total).toEqual(clones.total);
    expect(audit.duplication?.largestClasses).toHaveLength(clones.classes.length);
    expect(renderMarkdown(audit)).toContain(
      `- **Duplicated code:** ${clones.total.identicalPercent}% of code lines in identical copies`,
    );
    expect(renderHtml(audit)).toContain(`<h2>Duplication</h2>\n<p><b>${clones.total.identicalPercent}%</b>`);
  });
});

describe("duplicated lines counted as jscpd counts them", () => {
  const docstring = [
    '    """Whether the address belongs to one of the ranges the registry keeps for private use.',
    "",
    "    Returns:",
    "        True when the address lies inside a block listed as private, shared,",
    "        loopback, link-local or reserved for documentation; False otherwise,",
    "        including for global unicast addresses that merely look internal.",
    "",
    "    The list follows the registry's special-purpose address table as of",
    "    its latest revision and is checked in order, first match wins.",
    '    """',
  ].join("\n");
  const property = (name: string): string =>
    `class ${name}:\n    @property\n    def is_private(self):\n${docstring}\n    return any(self in net for net in self._private_networks)\n`;

  it("finds a copied docstring over a few lines of code and counts its lines, and the rule leaves it out", async () => {
    const files = { "net/v4.py": property("Address4"), "net/v6.py": property("Address6") };
    const clones = await clonesOf(files);
    const found = clones.classes.find((c) => c.places.some((p) => p.path === "net/v4.py"));
    expect(found?.places.map((p) => `${p.path}:${p.startLine}-${p.endLine}`)).toEqual([
      "net/v4.py:1-14",
      "net/v6.py:1-14",
    ]);
    expect(found?.proseTokens).toBeGreaterThan(found!.tokens / 2);
    expect(clones.total.identicalLines).toBeGreaterThanOrEqual(2 * 10);
    const result = await analyseFiles(files);
    expect(result.findings.filter((f) => f.ruleId === "deadcode/clone-class")).toEqual([]);
  });

  /** A column of constants: too repetitive to compare renamed (fewer than 8 distinct normalised tokens). */
  const table = (pkg: string, names: readonly string[]): string =>
    `package ${pkg}\n\nconst (\n${names.map((name) => `\t${name} = C.${name}`).join("\n")}\n)\n`;
  const signals = Array.from({ length: 26 }, (_, i) => `SIG${String.fromCharCode(65 + i)}X`);

  it("counts a table copied as is, and leaves tables of the same shape with other entries alone", async () => {
    const clones = await clonesOf({
      "unix/defs_linux.go": table("unix", signals),
      "runtime/defs_linux.go": table("runtime", signals),
      "plan9/defs.go": table(
        "plan9",
        signals.map((name) => `${name}9`),
      ),
    });
    expect(
      clones.classes.map((c) => [
        c.kind,
        c.data,
        c.places.map((p) => `${p.path}:${p.startLine}-${p.endLine}`),
      ]),
    ).toEqual([["identical", true, ["runtime/defs_linux.go:3-30", "unix/defs_linux.go:3-30"]]]);
    expect(clones.total.identicalLines).toBe(2 * 28);
  });

  it("counts the identical part of a renamed copy as identical lines", async () => {
    const shared = [
      "\tif len(items) == 0 {",
      '\t\treturn nil, errors.New("no items to ship")',
      "\t}",
      "\tweight := 0",
      "\tfor _, item := range items {",
      "\t\tweight += item.Weight * item.Count",
      "\t}",
      "\tif weight > maxWeight {",
      '\t\treturn nil, fmt.Errorf("parcel of %d kg over the limit", weight)',
      "\t}",
    ];
    const fn = (name: string, zone: string, rate: string): string =>
      [
        "package shipping",
        "",
        `func ${name}(items []Item) (*Quote, error) {`,
        ...shared,
        `\tbase := ${rate} * float64(weight)`,
        `\tif ${zone}Surcharge > 0 {`,
        `\t\tbase += ${zone}Surcharge`,
        "\t}",
        `\treturn &Quote{Zone: "${zone}", Price: base}, nil`,
        "}",
        "",
      ].join("\n");
    const clones = await clonesOf({
      "shipping/domestic.go": fn("DomesticQuote", "home", "1.5"),
      "shipping/abroad.go": fn("AbroadQuote", "world", "4.25"),
    });
    expect(clones.classes.map((c) => c.kind)).toEqual(["renamed"]);
    expect(clones.total.duplicatedLines).toBe(2 * 18);
    // From the parameters on line 3 to `base :=` on line 14 both read the same (names and the rate differ).
    expect(clones.total.identicalLines).toBe(2 * 12);
  });

  it("joins more copies than are compared pairwise into one class, a file holding two counted once per line", async () => {
    // 45 places share every seed: above the 40 compared all pairwise, each place is compared with its next few.
    const body = (name: string): string[] => [
      `function ${name}(orders) {`,
      "  let total = 0;",
      "  for (const order of orders) {",
      "    if (order.cancelled) continue;",
      "    total += order.price * order.quantity;",
      "    if (order.discount > 0) total -= order.discount;",
      "  }",
      "  return total > 1000 ? total * 0.95 : total;",
      "}",
      "",
    ];
    const files: Record<string, string> = {};
    for (let k = 0; k < 43; k++)
      files[`src/shop${String(k).padStart(2, "0")}/total.js`] = body("orderTotal").join("\n");
    files["src/twice.js"] = [...body("firstTotal"), "const spacer = 1;", "", ...body("secondTotal")].join(
      "\n",
    );
    const many = await clonesOf(files, 30);
    expect(many.classes).toHaveLength(1);
    const [only] = many.classes;
    expect(only?.places).toHaveLength(45);
    expect(
      only?.places.filter((p) => p.path === "src/twice.js").map((p) => `${p.startLine}-${p.endLine}`),
    ).toEqual(["1-9", "13-21"]);
    // Every line of every copy, once: 45 copies of 9 lines.
    expect(many.total.duplicatedLines).toBe(45 * 9);
    expect(many.byFolder.find((row) => row.folder === "src")?.duplicatedLines).toBe(45 * 9);
  });
});
