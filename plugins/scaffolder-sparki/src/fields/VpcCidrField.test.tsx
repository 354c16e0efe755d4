import { Entity } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { VpcCidrField, vpcCidrValidation } from './VpcCidrField';

function environment(name: string, cidr: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      title: `Environment ${name}`,
      annotations: { 'sparki.io/vpc-cidr': cidr },
    },
    spec: { type: 'environment', owner: 'group:default/platform-team' },
  };
}

const entities: Entity[] = [
  environment('sparki-staging', '10.20.0.0/16'),
  environment('sparki-dev', '10.10.0.0/16'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'eks-dev',
      annotations: { 'sparki.io/vpc-cidr': '10.99.0.0/16' },
    },
    spec: { type: 'kubernetes-cluster', owner: 'group:default/platform-team' },
  },
];

function Harness() {
  const [value, setValue] = useState<string | undefined>();
  return (
    <VpcCidrField
      {...({
        formData: value,
        onChange: setValue,
        required: true,
        rawErrors: [],
        schema: { title: 'VPC CIDR', description: 'Private IPv4 range' },
        idSchema: { $id: 'root_vpcCidr' },
      } as any)}
    />
  );
}

describe('VpcCidrField', () => {
  const catalogApi = catalogApiMock({ entities });

  it('lists the CIDRs of environments already in the catalog, in address order', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
        <Harness />
      </TestApiProvider>,
    );
    const chips = await screen.findAllByText(/10\.\d+\.0\.0\/16 · /);
    expect(chips.map(chip => chip.textContent)).toEqual([
      '10.10.0.0/16 · Environment sparki-dev',
      '10.20.0.0/16 · Environment sparki-staging',
    ]);
  });

  it('flags an overlapping CIDR while it is typed', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
        <Harness />
      </TestApiProvider>,
    );
    await screen.findByText('Already taken:');
    await userEvent.type(screen.getByLabelText(/VPC CIDR/), '10.20.128.0/20');
    expect(
      screen.getByText(
        '10.20.128.0/20 overlaps 10.20.0.0/16 of Environment sparki-staging (resource:default/sparki-staging)',
      ),
    ).toBeInTheDocument();
  });

  it('shows the description for a free CIDR', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
        <Harness />
      </TestApiProvider>,
    );
    await screen.findByText('Already taken:');
    await userEvent.type(screen.getByLabelText(/VPC CIDR/), '10.40.0.0/16');
    expect(screen.getByText('Private IPv4 range')).toBeInTheDocument();
  });
});

describe('vpcCidrValidation', () => {
  const apiHolder = { get: () => catalogApiMock({ entities }) } as any;

  async function errorsFor(value: string) {
    const errors: string[] = [];
    await vpcCidrValidation(
      value,
      { addError: (e: string) => errors.push(e) } as any,
      {
        apiHolder,
        formData: {},
        schema: {},
      },
    );
    return errors;
  }

  it('refuses an overlapping or malformed CIDR and accepts a free one', async () => {
    expect(await errorsFor('10.10.0.0/20')).toEqual([
      'VPC CIDR 10.10.0.0/20 overlaps 10.10.0.0/16 of Environment sparki-dev (resource:default/sparki-dev)',
    ]);
    expect(await errorsFor('10.40.1.0/16')).toEqual([
      'VPC CIDR "10.40.1.0/16" has host bits set; the network address is 10.40.0.0/16',
    ]);
    expect(await errorsFor('10.40.0.0/16')).toEqual([]);
  });

  it('counts proposed environments of the local forge as taken, retired ones as free', async () => {
    const withLifecycle = (name: string, cidr: string, lifecycle: string) => {
      const entity = environment(name, cidr);
      entity.metadata.annotations!['sparki.io/lifecycle'] = lifecycle;
      return entity;
    };
    const forgeApiHolder = {
      get: () =>
        catalogApiMock({
          entities: [
            withLifecycle('payments-dev', '10.40.0.0/16', 'proposed'),
            withLifecycle('orders-dev', '10.50.0.0/16', 'retired'),
          ],
        }),
    } as any;
    const errors: string[] = [];
    for (const value of ['10.40.0.0/20', '10.50.0.0/16']) {
      await vpcCidrValidation(
        value,
        { addError: (e: string) => errors.push(e) } as any,
        { apiHolder: forgeApiHolder, formData: {}, schema: {} },
      );
    }
    expect(errors).toEqual([
      'VPC CIDR 10.40.0.0/20 overlaps 10.40.0.0/16 of Environment payments-dev (resource:default/payments-dev)',
    ]);
  });
});
