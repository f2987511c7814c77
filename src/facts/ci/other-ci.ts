// CI systems whose pipelines facts/ci does not model: their configuration files, so rules know gates may run there.

/** Configuration files of CI systems whose pipelines this pack does not model. */
export const OTHER_CI_CONFIGS = [
  ".circleci/config.yml",
  "Jenkinsfile",
  ".travis.yml",
  "azure-pipelines.yml",
  ".buildkite/pipeline.yml",
  "bitbucket-pipelines.yml",
  ".drone.yml",
  ".woodpecker.yml",
  "cloudbuild.yaml",
];
