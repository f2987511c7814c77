import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("docs/readme-missing-sections", () => {
  it("fires listing the missing sections", async () => {
    const findings = await findingsOf("docs/readme-missing-sections", { "README.md": "# Orders\n\n## Overview\ntext\n\n## Usage\n```\n# Testing inside a code fence\n```\n" });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toBe("README has no install, test sections");
  });

  it("stays silent with install, usage and test sections (synonyms, setext headings)", async () => {
    const readme = "Orders\n======\n\nGetting started\n---------------\n\n## Running locally\n\n## Development\n";
    expect(await findingsOf("docs/readme-missing-sections", { "README.md": readme })).toEqual([]);
  });
});
