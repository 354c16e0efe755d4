import { Route, Routes } from 'react-router-dom';
import { Content } from '@backstage/core-components';
import { ControlPage } from '../ControlPage/ControlPage';
import { FrameworkPage } from '../FrameworkPage/FrameworkPage';
import { OverviewPage } from '../OverviewPage/OverviewPage';
import { RegistersPage } from '../RegistersPage/RegistersPage';
import { ReportPage } from '../ReportPage/ReportPage';

/** `/compliance` and its sub-pages (paths as in routes.ts). */
export const CompliancePage = () => (
  <Content>
    <Routes>
      <Route path="/" element={<OverviewPage />} />
      <Route path="/frameworks/:frameworkId" element={<FrameworkPage />} />
      <Route
        path="/frameworks/:frameworkId/controls/:controlId"
        element={<ControlPage />}
      />
      <Route path="/frameworks/:frameworkId/report" element={<ReportPage />} />
      <Route path="/registers" element={<RegistersPage />} />
    </Routes>
  </Content>
);
