import path from 'node:path';
import { loadOpenApiContract as loadContract } from '@sparki/openapi-contract';

/** The contract of `openapi.yaml`: what is wrong with a response, per the document. */
export const loadOpenApiContract = () =>
  loadContract(path.resolve(__dirname, '../../openapi.yaml'));
