import { Framework } from '../types';
import { cisAwsFoundations } from './cisAwsFoundations';
import { cisEks } from './cisEks';
import { cisKubernetes } from './cisKubernetes';
import { podSecurityStandards } from './podSecurityStandards';
import { productionHardening } from './productionHardening';

/** Every framework, as data; a new framework version is a new file listed here. */
export const frameworks: readonly Framework[] = Object.freeze([
  cisKubernetes,
  cisEks,
  podSecurityStandards,
  cisAwsFoundations,
  productionHardening,
]);

export function getFramework(id: string): Framework | undefined {
  return frameworks.find(framework => framework.id === id);
}

export {
  cisAwsFoundations,
  cisEks,
  cisKubernetes,
  podSecurityStandards,
  productionHardening,
};
