// Libraries that serve one purpose: a repository that depends directly on two of the same purpose usually
// carries a half-finished migration or two competing conventions. Data, so other ecosystem packs can follow suit.

export interface LibraryPurpose {
  purpose: string;
  /** Package names (as the registry spells them) that each fulfil the purpose on their own. */
  libraries: string[];
}

export const HEX_LIBRARY_PURPOSES: readonly LibraryPurpose[] = [
  { purpose: "password hashing", libraries: ["bcrypt_elixir", "argon2_elixir", "pbkdf2_elixir", "comeonin"] },
  {
    purpose: "HTTP client",
    libraries: ["req", "httpoison", "tesla", "finch", "mint", "hackney", "httpotion", "gun"],
  },
  { purpose: "JSON encoding", libraries: ["jason", "poison", "jiffy", "exjsx", "json"] },
  { purpose: "background jobs", libraries: ["oban", "exq", "verk", "rihanna", "honeydew"] },
  { purpose: "caching", libraries: ["cachex", "con_cache", "nebulex", "cachet"] },
  { purpose: "authentication", libraries: ["guardian", "pow", "ueberauth", "phx_gen_auth", "coherence"] },
  { purpose: "mocking in tests", libraries: ["mox", "mock", "mimic", "hammox"] },
  { purpose: "CSV parsing", libraries: ["nimble_csv", "csv"] },
  { purpose: "UUID generation", libraries: ["uuid", "elixir_uuid", "ecto_ulid", "uniq"] },
  { purpose: "rate limiting", libraries: ["hammer", "ex_rated", "plug_attack"] },
];

/** HTTP clients that are transports of another client (tesla/req over finch/mint/hackney) are not duplicates of it. */
export const TRANSPORT_OF: Readonly<Record<string, readonly string[]>> = {
  req: ["finch", "mint"],
  finch: ["mint"],
  tesla: ["finch", "mint", "hackney", "gun"],
  httpoison: ["hackney"],
};
