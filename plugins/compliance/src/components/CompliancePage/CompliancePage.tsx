import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import { Content, Progress } from '@backstage/core-components';

// One chunk per page: a control page does not wait for the overview's charts (recharts) and
// the other pages' code before it can render its results.
const OverviewPage = lazy(() =>
  import('../OverviewPage/OverviewPage').then(m => ({
    default: m.OverviewPage,
  })),
);
const FrameworkPage = lazy(() =>
  import('../FrameworkPage/FrameworkPage').then(m => ({
    default: m.FrameworkPage,
  })),
);
const ControlPage = lazy(() =>
  import('../ControlPage/ControlPage').then(m => ({ default: m.ControlPage })),
);
const ReportPage = lazy(() =>
  import('../ReportPage/ReportPage').then(m => ({ default: m.ReportPage })),
);
const RegistersPage = lazy(() =>
  import('../RegistersPage/RegistersPage').then(m => ({
    default: m.RegistersPage,
  })),
);

/** `/compliance` and its sub-pages (paths as in routes.ts). */
export const CompliancePage = () => (
  <Content>
    <Suspense fallback={<Progress />}>
      <Routes>
        <Route path="/" element={<OverviewPage />} />
        <Route path="/frameworks/:frameworkId" element={<FrameworkPage />} />
        <Route
          path="/frameworks/:frameworkId/controls/:controlId"
          element={<ControlPage />}
        />
        <Route
          path="/frameworks/:frameworkId/report"
          element={<ReportPage />}
        />
        <Route path="/registers" element={<RegistersPage />} />
      </Routes>
    </Suspense>
  </Content>
);
