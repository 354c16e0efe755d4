import type {
  DeploymentRequest,
  DeploymentVersion,
  EntityRef,
  Override,
} from '../types';
import type { EnvironmentPolicy } from './config';

/** What the backend knows about the world when it evaluates; `now` is never read from a clock here. */
export interface PolicyFacts {
  now: Date;
  /** The target cluster's latest posture snapshot; absent when there is none (the gate fails). */
  postureSnapshot?: PostureSnapshotFacts;
  /** What runs in the environment before the target one; absent when nothing does. */
  previousEnvironmentLive?: {
    environment?: string;
    version: DeploymentVersion;
    /** ISO 8601: since when it has been live there. */
    since: string;
  };
  /** The service's owning group, for the separation-of-duties sentence. */
  owningGroupRef?: EntityRef;
  /** The user refs in the service's owning group (resolved transitively by the backend). */
  owningGroupMembers: EntityRef[];
  /** The groups each user belongs to, for everyone who approved or is asked about. */
  userGroups: Record<EntityRef, EntityRef[]>;
}

export interface PostureSnapshotFacts {
  /** 0–100; null when no control could be scored. */
  score: number | null;
  /** Ids of the critical controls that fail. */
  failingCriticalControls: string[];
  /** ISO 8601. */
  takenAt: string;
  /** True when collection did not complete (some resources could not be read). */
  partial: boolean;
}

export interface PolicyInput {
  policy: EnvironmentPolicy;
  request: DeploymentRequest;
  /** People to say about whether they may approve (e.g. to notify them). */
  approverCandidates?: EntityRef[];
  facts: PolicyFacts;
}

export type PolicyRuleId =
  | 'approvals'
  | 'change-window'
  | 'freeze'
  | 'posture-gate'
  | 'bake-time'
  | 'request-expiry';

/** `unknown` means the facts to decide are missing or incomplete; it never counts as met. */
export type RuleStatus = 'met' | 'not-met' | 'unknown';

export interface RuleOutcome {
  rule: PolicyRuleId;
  status: RuleStatus;
  /** The outcome in words, e.g. "needs 1 more approval from release-approvers". */
  message: string;
  /** The override that lifted this rule, when one did (the status is then `met`). */
  override?: Override;
}

export type ApproverRefusal =
  | 'not-awaiting-approval'
  | 'already-approved'
  | 'requester'
  | 'commit-author'
  | 'separation-of-duties'
  | 'not-allowed';

export interface ApproverCheck {
  allowed: boolean;
  /** Why not, as a code the UI can rephrase ("you requested it…"). */
  refusal?: ApproverRefusal;
  reason: string;
}

export interface ApprovalsOutcome extends RuleOutcome {
  rule: 'approvals';
  /** The approvers whose approval counts, in the order they approved. */
  counted: EntityRef[];
  notCounted: { userRef: EntityRef; reason: string }[];
  missingApprovals: number;
  /** Required groups none of whose members has approved yet. */
  missingGroups: EntityRef[];
}

export interface PolicyEvaluation {
  policyHash: string;
  /** Every rule is met (or overridden). */
  satisfied: boolean;
  rules: RuleOutcome[];
  /** Whether `userRef` may approve this request now, and why not. */
  canApprove(userRef: EntityRef): ApproverCheck;
  /** `canApprove` of every `approverCandidates` entry. */
  approvers: (ApproverCheck & { userRef: EntityRef })[];
}
