/*
 * Evidence files uploaded with an attestation (`POST /api/compliance/attestations` as
 * multipart/form-data), shared by the backend that checks and stores them and the frontend that
 * picks and sends them.
 */

/**
 * The content types an evidence file may have, with the file name endings the frontend maps to
 * them when the browser names no type. Everything else is refused (415): nothing executable, no
 * HTML or SVG, which a browser would run.
 */
export const evidenceFileTypes = {
  'application/pdf': ['.pdf'],
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'text/plain': ['.txt', '.log'],
  'text/markdown': ['.md', '.markdown'],
  'text/csv': ['.csv'],
  'application/json': ['.json'],
  'application/zip': ['.zip'],
} as const satisfies Record<string, readonly string[]>;

export type EvidenceContentType = keyof typeof evidenceFileTypes;

export const evidenceContentTypes = Object.keys(
  evidenceFileTypes,
) as EvidenceContentType[];

export function isEvidenceContentType(
  value: string,
): value is EvidenceContentType {
  return Object.prototype.hasOwnProperty.call(evidenceFileTypes, value);
}

/**
 * The allowlisted type of a picked file: its declared type (lower case, without parameters) when
 * allowlisted, else the one its name's ending maps to (browsers name no type for `.md`, and
 * some call a zip `application/x-zip-compressed`); undefined when neither is allowed.
 */
export function evidenceContentTypeOf(
  declaredType: string,
  fileName: string,
): EvidenceContentType | undefined {
  const declared = declaredType.split(';')[0].trim().toLowerCase();
  if (isEvidenceContentType(declared)) return declared;
  const name = fileName.toLowerCase();
  return evidenceContentTypes.find(type =>
    evidenceFileTypes[type].some(ending => name.endsWith(ending)),
  );
}

/** The multipart parts of an attestation with an uploaded file. */
export const attestationUploadParts = {
  /** The `AttestationBody` as JSON. */
  attestation: 'attestation',
  /** The evidence file, with its name and content type. */
  file: 'file',
} as const;

/** Where an attestation's evidence file is downloaded, under the compliance backend's base URL. */
export function attestationEvidenceFilePath(attestationId: string): string {
  return `/attestations/${encodeURIComponent(attestationId)}/evidence-file`;
}
