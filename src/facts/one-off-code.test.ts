import { describe, expect, it } from "vitest";
import { goTestHelper, oneOffKind } from "./one-off-code.js";

describe("oneOffKind", () => {
  it("names migrations, scripts and tests in every ecosystem", () => {
    expect(
      [
        "alembic/versions/2023_add.py",
        "lnbits/core/migrations.py",
        "priv/repo/migrations/20240101_add.exs",
        "internal/database/migrations/001.go",
        "tools/conv.py",
        "dev/code-generation/gen.py",
        "bin/release_manager.py",
        "lib/mix/tasks/seed.ex",
        "priv/tests_e2e/tests.exs",
        "internal/testutil/db.go",
        "extra/push-examples/go/index.go",
        "docs_examples/client.py",
        "ckanext/example_idatastorebackend/example_sqlite.py",
        "plugins/examples-auth/index.js",
      ].map(oneOffKind),
    ).toEqual([
      "migration",
      "migration",
      "migration",
      "migration",
      "script",
      "script",
      "script",
      "script",
      "test",
      "test",
      "script",
      "script",
      "script",
      "script",
    ]);
  });

  it("leaves application code alone: Go tools/ packages, a handler module named setup.py, config .exs, alembic env.py", () => {
    expect(
      [
        "tools/filesystem/file.go",
        "redash/handlers/setup.py",
        "config/runtime.exs",
        "alembic/env.py",
        "lib/app/repo.ex",
        "internal/exampleservice/handler.go",
        "ckanext/datastore/backend/postgres.py",
        "app/example.py",
      ].map(oneOffKind),
    ).toEqual([null, null, null, null, null, null, null, null]);
  });
});

describe("goTestHelper", () => {
  it("reads a test build tag as test code, and a negated or alternative one as production code", () => {
    expect(goTestHelper("//go:build e2etest\n\npackage service\n")).toBe(true);
    expect(goTestHelper("//go:build integration && linux\npackage store\n")).toBe(true);
    expect(goTestHelper("//go:build !integration\npackage store\n")).toBe(false);
    expect(goTestHelper("//go:build linux || e2e\npackage store\n")).toBe(false);
    expect(goTestHelper("//go:build linux\npackage store\n")).toBe(false);
  });
});
