/*
 * The jest setup of every frontend package (imported by their `src/setupTests.ts`).
 *
 * Component tests render a whole test app. On a loaded machine (CI shares two cores with other
 * work) one test can take longer than jest's 5 s and one render longer than testing-library's
 * 1 s wait. A wait ends as soon as its element appears, so generous limits cost time only when a
 * test fails anyway; tight ones make a passing test fail on a slow machine.
 */
import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

jest.setTimeout(120_000);
configure({ asyncUtilTimeout: 30_000 });
