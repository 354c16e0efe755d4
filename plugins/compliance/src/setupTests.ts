import '@testing-library/jest-dom';

// Component tests render a whole test app; on a loaded CI machine that can exceed jest's 5 s.
jest.setTimeout(20_000);
