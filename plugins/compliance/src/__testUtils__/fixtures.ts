import type {
  CheckResultView,
  CheckState,
  ComplianceOverview,
  ControlDetail,
  FrameworkDetail,
  FrameworkOverview,
  RawCheckState,
  ScopeScore,
  ScopeScorePage,
  ScoreFigures,
  ScoreSnapshot,
  WaiverView,
} from '@sparki/compliance-common';
import { getCheck, getFramework } from '@sparki/compliance-common';
import type { ComplianceApi } from '../api/ComplianceApi';

/** A script URL, built so the linter's no-script-url does not flag the test data itself. */
export const scriptUrl = ['javascript', 'alert(1)'].join(':');

/** Rendered by tests to prove text from the API is shown as text, never run as markup. */
export const hostile =
  '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';

export function figures(
  score: number | null,
  overrides: Partial<ScoreFigures> = {},
): ScoreFigures {
  return {
    score,
    conservativeScore: score === null ? 0 : score * 0.8,
    coverage: score === null ? 0 : 0.8,
    applicableControls: 10,
    controlsWithData: score === null ? 0 : 8,
    ...overrides,
  };
}

export function scopeScore(
  score: number | null,
  overrides: Partial<ScopeScore> = {},
): ScopeScore {
  return {
    operational: figures(score),
    audit: figures(score === null ? null : Math.min(1, score + 0.05)),
    waivers: 1,
    waivedChecks: 1,
    controlsByStatus: {
      satisfied: 5,
      failing: 2,
      unknown: 2,
      waived: 1,
      'not-applicable': 0,
    },
    ...overrides,
  };
}

const cisKubernetes = getFramework('cis-kubernetes')!;
const productionHardening = getFramework('production-hardening')!;
const { controls: _k, ...cisKubernetesSummary } = cisKubernetes;
const { controls: _p, ...productionHardeningSummary } = productionHardening;

export const frameworkOverview = (
  overrides: Partial<FrameworkOverview> = {},
): FrameworkOverview => ({
  ...scopeScore(0.75),
  framework: cisKubernetesSummary,
  scopes: [
    scopeScore(0.5, { scope: { kind: 'cluster', id: 'sparki-prod' } }),
    scopeScore(0.9, { scope: { kind: 'cluster', id: 'sparki-dev' } }),
  ],
  scopeCount: 2,
  ...overrides,
});

export const overview = (
  overrides: Partial<ComplianceOverview> = {},
): ComplianceOverview => ({
  methodVersion: '2',
  evaluatedAt: '2026-12-02T06:00:00.000Z',
  frameworks: [
    frameworkOverview(),
    {
      ...scopeScore(null, {
        waivers: 0,
        waivedChecks: 0,
        controlsByStatus: {
          satisfied: 0,
          failing: 0,
          unknown: 20,
          waived: 0,
          'not-applicable': 0,
        },
      }),
      framework: productionHardeningSummary,
      scopes: [],
      scopeCount: 0,
    },
  ],
  sources: [],
  problems: [
    {
      source: 'posture',
      scope: { kind: 'cluster', id: 'sparki-prod' },
      message: 'cluster sparki-prod: RBAC not readable (403)',
    },
  ],
  ...overrides,
});

export const snapshot = (
  takenAt: string,
  score: number | null,
  overrides: Partial<ScoreSnapshot> = {},
): ScoreSnapshot => ({
  ...scopeScore(score),
  id: `snapshot-${takenAt}`,
  frameworkId: 'cis-kubernetes',
  frameworkVersion: '1.12.0',
  methodVersion: '2',
  takenAt,
  sources: [],
  trigger: 'daily',
  ...overrides,
});

const control = cisKubernetes.controls.find(c => c.id === '5.1.1')!;

export const frameworkDetail = (
  overrides: Partial<FrameworkDetail> = {},
): FrameworkDetail => ({
  methodVersion: '2',
  evaluatedAt: '2026-12-02T06:00:00.000Z',
  framework: cisKubernetesSummary,
  score: scopeScore(0.75),
  scopeCount: frameworkOverview().scopes.length,
  controls: cisKubernetes.controls.slice(0, 3).map((c, index) => ({
    id: c.id,
    title: c.title,
    severity: c.severity,
    runbookId: c.runbookId,
    status: (['failing', 'unknown', 'satisfied'] as const)[index],
    progress: { operational: index === 1 ? null : 0.5 * index, audit: null },
    conservativeProgress: { operational: 0, audit: 0 },
    failingScopes: index === 0 ? 1 : 0,
    unknownScopes: index === 1 ? 2 : 0,
    waivedChecks: 0,
  })),
  problems: [],
  ...overrides,
});

/** The raw state a waiver (over a fail) or an attestation (over no data) stands in for. */
const rawStateBehind: Record<CheckState, RawCheckState> = {
  waived: 'fail',
  attested: 'unknown',
  fail: 'fail',
  unknown: 'unknown',
  pass: 'pass',
  'not-applicable': 'not-applicable',
};

export function result(
  state: CheckResultView['state'],
  scopeId: string,
  overrides: Partial<CheckResultView> = {},
): CheckResultView {
  const checkId = control.requiredChecks[0];
  const raw = {
    checkId,
    scope: { kind: 'cluster' as const, id: scopeId },
    state: rawStateBehind[state],
    observedAt: '2026-12-02T05:00:00.000Z',
    message: `${state} in ${scopeId}`,
  };
  return {
    ...raw,
    state,
    raw,
    check: getCheck(checkId)!,
    ...(state === 'unknown' ? { reason: 'error' as const } : {}),
    ...overrides,
  };
}

export const controlDetail = (
  overrides: Partial<ControlDetail> = {},
): ControlDetail => ({
  evaluatedAt: '2026-12-02T06:00:00.000Z',
  framework: cisKubernetesSummary,
  control,
  checks: control.requiredChecks.map(id => getCheck(id)!),
  scopes: [
    { scope: { kind: 'cluster', id: 'sparki-prod' }, status: 'failing' },
    { scope: { kind: 'cluster', id: 'sparki-dev' }, status: 'unknown' },
  ],
  scopeCount: 2,
  results: [
    result('fail', 'sparki-prod', {
      population: { applicable: 12, failing: 3 },
    }),
    result('unknown', 'sparki-dev'),
  ],
  total: 2,
  ...overrides,
});

/** `count` namespaces of sparki-prod, worst first as the backend lists them. */
export const manyScopes = (count: number): ScopeScore[] =>
  Array.from({ length: count }, (_, index) =>
    scopeScore(index / count, {
      scope: { kind: 'namespace', id: `sparki-prod/ns-${index}` },
    }),
  );

/** A page of `scopes` as `GET /frameworks/{id}/scopes?offset=&limit=` answers it. */
export const scopePage = (
  scopes: ScopeScore[],
  { offset = 0, limit = 25 }: { offset?: number; limit?: number } = {},
): ScopeScorePage => ({
  items: scopes.slice(offset, offset + limit),
  total: scopes.length,
  offset,
  limit,
});

export const waiver = (overrides: Partial<WaiverView> = {}): WaiverView => ({
  id: '6a4c0a52-52a4-4f6e-9d0e-3d3f3d0c1a11',
  checkId: control.requiredChecks[0],
  scope: { kind: 'cluster', id: 'sparki-prod' },
  reason: 'The break-glass binding stays until the IdP migration ends.',
  requester: 'user:default/alice',
  requestedAt: '2026-12-01T10:00:00.000Z',
  expiresAt: '2027-03-01T00:00:00.000Z',
  state: 'requested',
  ...overrides,
});

export function mockComplianceApi(
  overrides: Partial<jest.Mocked<ComplianceApi>> = {},
): jest.Mocked<ComplianceApi> {
  return {
    getOverview: jest.fn().mockResolvedValue(overview()),
    getFramework: jest.fn().mockResolvedValue(frameworkDetail()),
    getFrameworkScopes: jest
      .fn()
      .mockImplementation(async (_frameworkId, page) =>
        scopePage(frameworkOverview().scopes, page),
      ),
    getControl: jest.fn().mockResolvedValue(controlDetail()),
    listResources: jest.fn().mockResolvedValue({ items: [], supported: true }),
    getHistory: jest.fn().mockResolvedValue({
      frameworkId: 'cis-kubernetes',
      points: [],
      asOf: null,
    }),
    listWaivers: jest.fn().mockResolvedValue([]),
    requestWaiver: jest.fn().mockImplementation(async body => waiver(body)),
    approveWaiver: jest.fn().mockResolvedValue(waiver({ state: 'approved' })),
    rejectWaiver: jest.fn().mockResolvedValue(waiver({ state: 'rejected' })),
    revokeWaiver: jest.fn().mockResolvedValue(waiver({ state: 'revoked' })),
    listAttestations: jest.fn().mockResolvedValue([]),
    createAttestation: jest.fn(),
    revokeAttestation: jest.fn(),
    getControlHistory: jest.fn().mockResolvedValue({
      frameworkId: 'cis-kubernetes',
      controlId: '5.1.1',
      points: [],
    }),
    listAcknowledgements: jest.fn().mockResolvedValue([]),
    acknowledgeDetection: jest.fn(),
    downloadEvidencePack: jest.fn(),
    downloadEvidenceFile: jest.fn(),
    getClusterObject: jest.fn(),
    getDetectionEvent: jest.fn().mockResolvedValue(undefined),
    ...overrides,
  };
}

/** A `ResponseError`-like refusal, as the client throws for a 4xx. */
export async function responseError(status: number, message: string) {
  const { ResponseError } = await import('@backstage/errors');
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'InputError', message },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}
