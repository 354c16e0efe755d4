export { authModuleDemoProvider as default } from './module';
