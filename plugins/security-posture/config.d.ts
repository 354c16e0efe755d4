export interface Config {
  runbooks?: {
    /**
     * Web URL of the repository's `runbooks/` directory (e.g.
     * https://github.com/<org>/<repo>/blob/main/runbooks). Runbook ids link to `<baseUrl>/<id>.md`;
     * without it the path `runbooks/<id>.md` is shown.
     * @visibility frontend
     */
    baseUrl?: string;
  };
}
