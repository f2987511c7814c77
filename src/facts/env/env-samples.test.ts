import { describe, expect, it } from "vitest";
import { isDotenvShaped, isSampleNamedPath } from "./env-samples.js";

describe("env samples of other names", () => {
  it("takes templates whose inner name is not a program or a structured format", () => {
    expect(isSampleNamedPath("app.config.example")).toBe(true);
    expect(isSampleNamedPath("deploy/env.sample")).toBe(true);
    expect(isSampleNamedPath("paperless.conf.example")).toBe(true);
    expect(isSampleNamedPath("settings/config.py.prod.example")).toBe(false);
    expect(isSampleNamedPath("config.yaml.dist")).toBe(false);
    expect(isSampleNamedPath(".env.example")).toBe(false); // an env sample by name already
  });

  it("reads a file as an env sample only when it is made of NAME=value lines", () => {
    expect(isDotenvShaped("# listen\nAPP_ADDR=:80\n# APP_LOG=debug\nAPP_SECRET=\nAPP_MODE=prod\n")).toBe(
      true,
    );
    // Two entries are too few to tell.
    expect(isDotenvShaped("APP_ADDR=:80\nAPP_SECRET=\n")).toBe(false);
    // Entries among other syntax: an ini-like or shell file.
    expect(isDotenvShaped("[server]\nA=1\nB=2\nC=3\nrun() {\n  start\n}\nexit 0\n")).toBe(false);
    // Lower-case keys are settings of a program, not environment variables.
    expect(isDotenvShaped("listen=80\nworkers=4\nlog_level=info\n")).toBe(false);
  });
});
