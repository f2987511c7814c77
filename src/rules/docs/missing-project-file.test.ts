import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

describe("docs/missing-project-file", () => {
  it("fires once per missing document with severity by importance", async () => {
    const findings = await findingsOf("docs/missing-project-file", { "package.json": "{\"name\":\"a\"}", "README.md": "# a\n" });
    expect(findings.map((f) => [f.message.split(":")[0], f.severity]).sort()).toEqual([
      ["No CHANGELOG file", "info"],
      ["No CONTRIBUTING file", "low"],
      ["No LICENSE file", "medium"],
      ["No SECURITY file", "low"],
    ]);
    expect(findings[0]?.evidence.searched).toContain(".github/");
  });

  it("is low when the README's License section names the licence, medium when it only mentions one", async () => {
    const files = {
      "package.json": '{"name":"a"}',
      "CONTRIBUTING.md": "x\n",
      "SECURITY.md": "x\n",
      "CHANGELOG.md": "x\n",
    };
    const stated = await findingsOf("docs/missing-project-file", {
      ...files,
      "README.md":
        '# a\n\n## License\n\n    Copyright 2015 Acme\n\n    Licensed under the Apache License, Version 2.0 (the "License");\n',
    });
    expect(stated.map((f) => [f.message, f.severity])).toEqual([
      [
        "No LICENSE file: README.md:3 states the Apache-2.0 licence, but tools and package hosts look for the licence text in a LICENSE file",
        "low",
      ],
    ]);
    // The section quotes the licence's grant instead of naming it.
    const quoted = await findingsOf("docs/missing-project-file", {
      ...files,
      "README.md":
        "# a\n\n## License\n\nCopyright (c) 2020 Acme\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\nof this software\n",
    });
    expect(quoted.map((f) => [f.message.split(" licence")[0], f.severity])).toEqual([
      ["No LICENSE file: README.md:3 states the MIT", "low"],
    ]);
    const unnamed = await findingsOf("docs/missing-project-file", {
      ...files,
      "README.md": "# a\n\n## License\n\nAsk the maintainers.\n",
    });
    expect(unnamed.map((f) => f.severity)).toEqual(["medium"]);
    const publicDomain = await findingsOf("docs/missing-project-file", {
      ...files,
      "README.md":
        "# a\n\n## License\n\n[CC0 Public Domain Dedication](https://creativecommons.org/publicdomain/zero/1.0/)\n",
    });
    expect(publicDomain.map((f) => [f.message.split(" licence")[0], f.severity])).toEqual([
      ["No LICENSE file: README.md:3 states the CC0-1.0", "low"],
    ]);
  });

  it("is high when the README is missing: users have nothing to start from", async () => {
    const findings = await findingsOf("docs/missing-project-file", {
      "package.json": '{"name":"a"}',
      LICENSE: "MIT\n",
      "CONTRIBUTING.md": "x\n",
      "SECURITY.md": "x\n",
      "CHANGELOG.md": "x\n",
    });
    expect(findings.map((f) => [f.message.split(":")[0], f.severity])).toEqual([["No README file", "high"]]);
  });

  it("stays silent when documents exist at the root, in .github/ or in docs/", async () => {
    const findings = await findingsOf("docs/missing-project-file", {
      "package.json": "{\"name\":\"a\"}",
      "readme.rst": "a\n=\n",
      "LICENSE-MIT": "MIT\n",
      ".github/CONTRIBUTING.md": "x\n",
      ".github/SECURITY.md": "x\n",
      "docs/CHANGES.md": "x\n",
    });
    expect(findings).toEqual([]);
  });
});
