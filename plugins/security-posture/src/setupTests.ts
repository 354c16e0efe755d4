import '@sparki/frontend-test-setup';
