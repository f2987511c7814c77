// Repository identity: one key per repository whatever the remote URL's spelling, and no credentials in the store.
import { describe, expect, it } from "vitest";
import { normaliseRemoteUrl } from "./repository-identity.js";

describe("normaliseRemoteUrl", () => {
  it("gives https, scp-like and ssh spellings of one repository the same key, without credentials", () => {
    for (const url of [
      "https://GitHub.com/Owner/Name.git",
      "https://user:ghp_secrettoken@github.com/Owner/Name",
      "git@github.com:Owner/Name.git",
      "ssh://git@github.com/Owner/Name/",
    ])
      expect(normaliseRemoteUrl(url)).toBe("github.com/Owner/Name");
  });

  it("keeps local paths and file URLs as paths", () => {
    expect(normaliseRemoteUrl("/srv/git/app.git")).toBe("path:/srv/git/app.git");
    expect(normaliseRemoteUrl("file:///srv/git/app")).toBe("path:/srv/git/app");
  });
});
