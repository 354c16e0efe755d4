import { renderInTestApp } from '@backstage/frontend-test-utils';
import { getCheck } from '@sparki/compliance-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { complianceApiRef } from '../../api/ComplianceApi';
import { mockComplianceApi, responseError } from '../../__testUtils__/fixtures';
import { AttestationDialog } from './AttestationDialog';

const check = getCheck('attestation:pen-test')!;
const scope = { kind: 'entity' as const, id: 'system:default/sparki' };

function renderDialog(api = mockComplianceApi()) {
  const onRecorded = jest.fn();
  renderInTestApp(
    <AttestationDialog
      check={check}
      scope={scope}
      onClose={jest.fn()}
      onRecorded={onRecorded}
    />,
    { apis: [[complianceApiRef, api]] },
  );
  return { api, onRecorded };
}

const pick = (file: File) =>
  fireEvent.change(screen.getByLabelText('Evidence file'), {
    target: { files: [file] },
  });

describe('AttestationDialog', () => {
  it('uploads the picked file with the attestation, without a link', async () => {
    const recorded = { id: 'a1' };
    const api = mockComplianceApi({
      createAttestation: jest.fn().mockResolvedValue(recorded),
    });
    const { onRecorded } = renderDialog(api);
    const file = new File(['%PDF-1.7 report'], 'pentest-2026.pdf', {
      type: 'application/pdf',
    });
    pick(file);
    expect(screen.getByTestId('evidence-file')).toHaveTextContent(
      'pentest-2026.pdf (15 bytes)',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Record attestation' }));
    await waitFor(() => expect(onRecorded).toHaveBeenCalledWith(recorded));
    expect(api.createAttestation).toHaveBeenCalledWith(
      expect.objectContaining({
        checkId: 'attestation:pen-test',
        scope,
        evidence: {},
      }),
      file,
    );
  });

  it('asks for a link or a file, refuses other types, and keeps the backend refusal in the dialog', async () => {
    const api = mockComplianceApi({
      createAttestation: jest
        .fn()
        .mockRejectedValue(
          await responseError(
            413,
            'evidence file: larger than 10.0 MiB, the most compliance.evidenceFiles.maxBytes allows',
          ),
        ),
    });
    renderDialog(api);
    fireEvent.click(screen.getByRole('button', { name: 'Record attestation' }));
    expect(
      await screen.findByText(
        'Link the evidence with an https:// address, or upload the file.',
      ),
    ).toBeInTheDocument();

    pick(new File(['<p>'], 'report.html', { type: 'text/html' }));
    fireEvent.click(screen.getByRole('button', { name: 'Record attestation' }));
    expect(
      await screen.findByText(
        'Upload a PDF, PNG, JPEG, text, Markdown, CSV, JSON or zip file.',
      ),
    ).toBeInTheDocument();
    expect(api.createAttestation).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Remove' }));
    pick(new File(['x'.repeat(64)], 'logs.zip', { type: '' }));
    fireEvent.click(screen.getByRole('button', { name: 'Record attestation' }));
    expect(
      await screen.findByText(
        'evidence file: larger than 10.0 MiB, the most compliance.evidenceFiles.maxBytes allows',
      ),
    ).toBeInTheDocument();
  });
});
