/**
 * Backend of deploy controls: deployment requests, their policy and approvals.
 *
 * @packageDocumentation
 */
export { deploymentsPlugin as default } from './plugin';
