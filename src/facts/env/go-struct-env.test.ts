import { describe, expect, it } from "vitest";
import { parseSource } from "../../parse/grammar-registry.js";
import { goStructEnvReads, parseStructTag, splitWords } from "./go-struct-env.js";

function reads(source: string) {
  const root = parseSource("go", source);
  if (!root) throw new Error("no Go grammar");
  return goStructEnvReads(root.root()).map(({ name, line, required, hasDefault }) => ({
    name,
    line,
    required,
    hasDefault,
  }));
}

describe("Go configuration structs read from the environment", () => {
  it("names kelseyhightower/envconfig fields from the Process prefix, split_words, envconfig and nested structs", () => {
    const source = `package config

import "github.com/kelseyhightower/envconfig"

const prefix = "app"

type Database struct {
	URL string \`required:"true"\`
}

type Config struct {
	TurnExternalIP []string \`split_words:"true"\`
	TLSCertFile    string   \`split_words:"true"\`
	Port           int      \`default:"8080"\`
	Token          string   \`envconfig:"API_TOKEN" required:"true"\`
	Skip           string   \`ignored:"true"\`
	internal       string
	DB             Database
}

func Get() Config {
	config := Config{}
	envconfig.MustProcess(prefix, &config)
	return config
}
`;
    expect(reads(source)).toEqual([
      { name: "APP_TURN_EXTERNAL_IP", line: 12, required: false, hasDefault: false },
      { name: "APP_TLS_CERT_FILE", line: 13, required: false, hasDefault: false },
      { name: "APP_PORT", line: 14, required: false, hasDefault: true },
      { name: "APP_API_TOKEN", line: 15, required: true, hasDefault: false },
      { name: "APP_DB_URL", line: 8, required: true, hasDefault: false },
    ]);
  });

  it("reads env tags of caarlos0/env, go-envconfig and cleanenv with their options and nested prefixes", () => {
    const source = `package config

type Postgres struct {
	Host string \`env:"HOST" envDefault:"localhost"\`
}

type Cache struct {
	Addr string \`env:"ADDR, required"\`
}

type Config struct {
	Secret  string   \`env:"SECRET,required,notEmpty"\`
	Port    int      \`env:"PORT" env-default:"8080"\`
	Key     string   \`env:"KEY" env-required:"true"\`
	Level   string   \`env:"LEVEL, default=info"\`
	DB      Postgres \`envPrefix:"DB_"\`
	Redis   *Cache   \`env:", prefix=REDIS_"\`
	Ignored string   \`json:"ignored"\`
}
`;
    expect(reads(source)).toEqual([
      { name: "SECRET", line: 12, required: true, hasDefault: false },
      { name: "PORT", line: 13, required: false, hasDefault: true },
      { name: "KEY", line: 14, required: true, hasDefault: false },
      { name: "LEVEL", line: 15, required: false, hasDefault: true },
      { name: "DB_HOST", line: 4, required: false, hasDefault: true },
      { name: "REDIS_ADDR", line: 8, required: true, hasDefault: false },
    ]);
  });

  it("reads nothing from structs that only carry json or yaml tags, or from a Process call of another package", () => {
    const source = `package config

import envconfig "example.com/other/envconfig"

type Config struct {
	Port int \`json:"port" yaml:"port"\`
}

func Get() (c Config) {
	envconfig.Process("app", &c)
	return
}
`;
    expect(reads(source)).toEqual([]);
  });

  it("takes the struct of the variable the Process call sees, not a same-named one of another function", () => {
    const source = `package config

import "github.com/kelseyhightower/envconfig"

type Other struct {
	Unrelated string
}

type Config struct {
	Port int
}

func defaults() Other {
	cfg := Other{}
	return cfg
}

func Get() Config {
	cfg := Config{}
	envconfig.MustProcess("app", &cfg)
	return cfg
}
`;
    expect(reads(source).map((read) => read.name)).toEqual(["APP_PORT"]);
  });

  it("splits words and parses tags as the libraries do", () => {
    expect(splitWords("TurnExternalIP")).toBe("Turn_External_IP");
    expect(splitWords("TLSCertFile")).toBe("TLS_Cert_File");
    expect(splitWords("HTTPPort")).toBe("HTTP_Port");
    expect([...parseStructTag('env:"A,required" json:"a,omitempty" x:"q\\"s"')]).toEqual([
      ["env", "A,required"],
      ["json", "a,omitempty"],
      ["x", 'q"s'],
    ]);
  });
});
