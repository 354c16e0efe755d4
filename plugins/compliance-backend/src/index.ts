/**
 * Backend of Sparki's compliance plugin: frameworks scored from check sources, waivers,
 * attestations and the score history. Check sources plug in through
 * `complianceCheckSourcesExtensionPoint` of `@sparki/compliance-node`.
 *
 * @packageDocumentation
 */
export { compliancePlugin as default } from './plugin';
export { ComplianceService } from './service/ComplianceService';
export type { ComplianceFinding } from './service/ComplianceService';
