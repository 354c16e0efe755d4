import { securityContextApplied } from './securityContextApplied';
import {
  container,
  deployment,
  evaluateControl,
  findingKeys,
  hardenedSpec,
} from '../../testUtils/fixtures';

describe('general-security-context (CIS 5.6.3)', () => {
  it('fails containers when neither they nor their pod set a securityContext', () => {
    const result = evaluateControl(securityContextApplied, [
      deployment('web', 'bare', {
        securityContext: {},
        containers: [
          container('app'),
          container('sidecar', { securityContext: {} }),
        ],
      }),
    ]);
    expect(findingKeys(result)).toEqual([
      'Deployment/web/bare/app',
      'Deployment/web/bare/sidecar',
    ]);
  });

  it('passes a pod-level or container-level securityContext', () => {
    const result = evaluateControl(securityContextApplied, [
      deployment('web', 'pod', {
        securityContext: { runAsNonRoot: true },
        containers: [container('app')],
      }),
      deployment(
        'web',
        'container',
        hardenedSpec({ securityContext: undefined }),
      ),
    ]);
    expect(result).toMatchObject({ applicable: 2, findings: [] });
  });
});
