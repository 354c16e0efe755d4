export interface Config {
  runbooks?: {
    /**
     * Directory of the runbook markdown files (`<id>.md`), relative to the backend's working
     * directory. Default: `runbooks`.
     */
    directory?: string;
  };
}
