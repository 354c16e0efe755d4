import { Sha256 } from '@aws-crypto/sha256-js';
import type { EnvironmentPolicy } from './config';

/**
 * JSON with object keys sorted at every level and no whitespace, so equal policies serialize to
 * the same bytes (the same rules as security-posture-backend's canonicalJson).
 */
export function canonicalJson(value: unknown): string {
  return write(value) ?? 'null';
}

function write(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value))
    return `[${value.map(item => write(item) ?? 'null').join(',')}]`;
  const parts: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const entry = write((value as Record<string, unknown>)[key]);
    if (entry !== undefined) parts.push(`${JSON.stringify(key)}:${entry}`);
  }
  return `{${parts.join(',')}}`;
}

/** Hashes of deeply frozen policies, which cannot change under their hash. */
const hashOfFrozen = new WeakMap<EnvironmentPolicy, string>();

/**
 * `sha256:<hex>` of the policy's canonical JSON, stored with every decision so an auditor can tell
 * which rules applied. Pure JavaScript sha256 (no node:crypto), so the browser computes the same.
 * Hash the parsed policy: defaults are filled in, so configs that mean the same hash the same.
 */
export function policyHash(policy: EnvironmentPolicy): string {
  // Every evaluation and decision names the hash: computed once per frozen (unchangeable)
  // policy, as parseDeploymentsConfig returns them.
  const known = hashOfFrozen.get(policy);
  if (known) return known;
  const computed = computePolicyHash(policy);
  if (isDeeplyFrozen(policy)) hashOfFrozen.set(policy, computed);
  return computed;
}

function isDeeplyFrozen(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeeplyFrozen);
}

function computePolicyHash(policy: EnvironmentPolicy): string {
  const hash = new Sha256();
  hash.update(canonicalJson(policy));
  const hex = Array.from(hash.digestSync(), byte =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
  return `sha256:${hex}`;
}
