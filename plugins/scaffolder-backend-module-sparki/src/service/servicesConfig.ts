import { Config } from '@backstage/config';

/** `<owner>/<repo>/<path>@<full commit sha>`: the pinned portal gate the pipelines call. */
const PINNED_ACTION =
  /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*@[0-9a-f]{40}$/;

/** The `sparki.services` configuration of the "Sparki service" template, read once at startup. */
export interface ServicesConfig {
  /** The portal gate composite action, pinned by commit, e.g. sparki-org/sparki-portal/.github/actions/sparki-gate@<sha>. */
  gateAction: string;
  /** Base URL of the portal backend the pipelines ask for deploys. */
  portalUrl: string;
  /** GitHub owner of the repositories created on GitHub (default: the infrastructure repository's owner). */
  repoOwner?: string;
  /** Namespace of the ingress controller, the only one allowed to reach the services' pods. */
  ingressNamespace: string;
}

/** Undefined when `sparki.services` is not configured: the service template then refuses to run. */
export function readServicesConfig(config: Config): ServicesConfig | undefined {
  const root = config.getOptionalConfig('sparki.services');
  if (!root) return undefined;
  const gateAction = root.getString('gateAction');
  if (!PINNED_ACTION.test(gateAction)) {
    throw new Error(
      `sparki.services.gateAction "${gateAction}" must be <owner>/<repo>/<path>@<full 40-character commit sha>`,
    );
  }
  const portalUrl =
    root.getOptionalString('portalUrl') ?? config.getString('backend.baseUrl');
  if (!/^https?:\/\/[^\s"'`]+$/.test(portalUrl)) {
    throw new Error(
      `sparki.services.portalUrl "${portalUrl}" must be an http(s) URL`,
    );
  }
  const ingressNamespace =
    root.getOptionalString('ingressNamespace') ?? 'ingress-nginx';
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(ingressNamespace)) {
    throw new Error(
      `sparki.services.ingressNamespace "${ingressNamespace}" is not a namespace name`,
    );
  }
  return {
    gateAction,
    ingressNamespace,
    portalUrl: portalUrl.replace(/\/+$/, ''),
    repoOwner: root.getOptionalString('repoOwner'),
  };
}
