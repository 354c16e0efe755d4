import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Component tests render a whole test app; on a loaded CI machine that can exceed jest's 5 s,
// and a permission or identity lookup can take longer than testing-library's 1 s default.
jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 10_000 });
