import { Route, Routes } from 'react-router-dom';
import { RunbookIndex } from './RunbookIndex';
import { RunbookView } from './RunbookView';

/** `/runbooks` lists the runbooks, `/runbooks/<id>` shows one. */
export const RunbooksPage = () => (
  <Routes>
    <Route path="/" element={<RunbookIndex />} />
    <Route path="/:id" element={<RunbookView />} />
  </Routes>
);
