// CI systems whose pipelines facts/ci does not model: their configuration files, so rules know gates may run there.

/** Configuration files of CI systems whose pipelines this pack does not model, as the systems look for them. */
const OTHER_CI: Array<{ label: string; test: RegExp }> = [
  { label: ".circleci/config.yml", test: /^\.circleci\/config\.ya?ml$/ },
  { label: "Jenkinsfile", test: /^Jenkinsfile$/ },
  { label: ".travis.yml", test: /^\.travis\.ya?ml$/ },
  { label: "azure-pipelines.yml", test: /^(?:\.azure-pipelines\/[^/]+|azure-pipelines)\.ya?ml$/ },
  { label: ".buildkite/pipeline.yml", test: /^\.buildkite\/pipeline[^/]*\.ya?ml$/ },
  { label: "bitbucket-pipelines.yml", test: /^bitbucket-pipelines\.ya?ml$/ },
  { label: ".drone.yml", test: /^\.drone\.ya?ml$/ },
  // Woodpecker reads one file or every file of its folder.
  { label: ".woodpecker.yml, .woodpecker/*.yml", test: /^\.woodpecker(?:\.ya?ml|\/[^/]+\.ya?ml)$/ },
  { label: ".semaphore/semaphore.yml", test: /^\.semaphore\/semaphore\.ya?ml$/ },
  { label: "cloudbuild.yaml", test: /^cloudbuild\.ya?ml$/ },
  { label: "appveyor.yml", test: /^\.?appveyor\.ya?ml$/ },
  { label: ".cirrus.yml", test: /^\.cirrus\.(?:ya?ml|star)$/ },
  { label: "buildspec.yml", test: /^buildspec\.ya?ml$/ },
  // sourcehut builds: one manifest or a folder of them.
  { label: ".build.yml, .builds/*.yml", test: /^\.build\.ya?ml$|^\.builds\/[^/]+\.ya?ml$/ },
  // Gitea and Forgejo Actions: workflows in GitHub's syntax under their own folder.
  {
    label: ".gitea/workflows/*.yml, .forgejo/workflows/*.yml",
    test: /^\.(?:gitea|forgejo)\/workflows\/[^/]+\.ya?ml$/,
  },
];

/** What was searched for other CI systems, for a finding's evidence. */
export const OTHER_CI_SEARCHED = OTHER_CI.map((c) => c.label).join(", ");

/** The configuration files of other CI systems among the repository's paths, sorted. */
export function otherCiConfigs(paths: Iterable<string>): string[] {
  const found: string[] = [];
  for (const path of paths) if (OTHER_CI.some((c) => c.test.test(path))) found.push(path);
  return found.sort();
}
