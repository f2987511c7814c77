import { describe, expect, it } from "vitest";
import { findingsOf } from "../../../test/helpers/audit-harness.js";

const ID = "python/getenv-without-validation";
const PYPROJECT = '[project]\nname = "svc"\ndependencies = ["pydantic-settings>=2"]\n';

describe(ID, () => {
  it("fires once per file listing the variables read from os.getenv/os.environ", async () => {
    const source = [
      "import os",
      "TOKEN = os.getenv('TOKEN')",
      "def url():",
      "    return os.environ['API_URL'] + os.environ.get('API_PATH', '/')",
    ].join("\n");
    const findings = await findingsOf(ID, { "pyproject.toml": PYPROJECT, "app/client.py": source });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.location?.startLine).toBe(2);
    expect(findings[0]?.message).toContain("3 setting(s)");
    expect(findings[0]?.message).toContain("API_URL");
  });

  it("stays silent without pydantic-settings, inside settings classes, in tests and in writes", async () => {
    const source = "import os\nTOKEN = os.getenv('TOKEN')\n";
    expect(await findingsOf(ID, { "app/client.py": source })).toEqual([]);
    const files = {
      "pyproject.toml": PYPROJECT,
      "app/config.py":
        "import os\nfrom pydantic_settings import BaseSettings\nclass Settings(BaseSettings):\n    home: str = os.getenv('HOME', '/')\n",
      "app/env.py": "import os\nos.environ['TZ'] = 'UTC'\n",
      "tests/test_x.py": source,
      "migrations/env.py": source,
    };
    expect(await findingsOf(ID, files)).toEqual([]);
  });
});
