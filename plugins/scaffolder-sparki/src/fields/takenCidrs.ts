import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogApi } from '@backstage/plugin-catalog-react';
import {
  ENVIRONMENT_ANNOTATIONS,
  ENVIRONMENT_FILTER,
  Ipv4Network,
  overlaps,
  parseCidr,
} from '@sparki/scaffolder-sparki-common';
import { FORGE_ANNOTATIONS } from '@sparki/sparki-forge-common';

export interface TakenCidr {
  cidr: string;
  network: Ipv4Network;
  environmentRef: string;
  title: string;
}

/**
 * VPC CIDRs of the environments in the catalog, in address order: proposed ones included (the
 * local forge's provider annotates them), retired ones left out (their VPC is gone).
 */
export async function fetchTakenCidrs(
  catalogApi: CatalogApi,
): Promise<TakenCidr[]> {
  const { items } = await catalogApi.getEntities({
    filter: { ...ENVIRONMENT_FILTER },
    fields: [
      'kind',
      'metadata.name',
      'metadata.namespace',
      'metadata.title',
      'metadata.annotations',
    ],
  });
  return items
    .flatMap(entity => {
      const annotations = entity.metadata.annotations;
      if (annotations?.[FORGE_ANNOTATIONS.lifecycle] === 'retired') return [];
      const cidr = annotations?.[ENVIRONMENT_ANNOTATIONS.vpcCidr];
      const network = cidr ? parseCidr(cidr) : undefined;
      if (!cidr || !network || 'error' in network) return [];
      return [
        {
          cidr,
          network,
          environmentRef: stringifyEntityRef(entity),
          title: entity.metadata.title ?? entity.metadata.name,
        },
      ];
    })
    .sort((a, b) => a.network.start - b.network.start);
}

/** Why a CIDR cannot be used, given the taken ones; empty when it is free and well-formed. */
export function cidrProblems(value: string, taken: TakenCidr[]): string[] {
  const parsed = parseCidr(value);
  if ('error' in parsed) return [parsed.error];
  return taken
    .filter(entry => overlaps(parsed, entry.network))
    .map(
      entry =>
        `${value} overlaps ${entry.cidr} of ${entry.title} (${entry.environmentRef})`,
    );
}
