// Group-restricted permissions (audit-trail.read, security-posture.scan) are decided from the
// ownership refs in the user's token. The guest provider only puts the catalog user's groups in
// the token when user:default/guest is already in the catalog; a sign-in right after the backend
// starts can win that race. This waits for the entity, then reloads so the session is refreshed.
import { baseUrl, openSignedIn } from './portal.mjs';

export async function openSignedInAsCatalogGuest(browser) {
  const session = await openSignedIn(browser);
  const { page } = session;
  const deadline = Date.now() + 120_000;
  for (;;) {
    await page.goto(`${baseUrl}/catalog/default/user/guest`);
    try {
      // The profile card lists the groups once the user entity is ingested.
      await page.getByText('Platform team').first().waitFor({ timeout: 30_000 });
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
  await page.reload();
  const enter = page.getByRole('button', { name: 'Enter' });
  const sidebar = page.getByRole('navigation', { name: 'sidebar nav' });
  await enter.or(sidebar).first().waitFor({ state: 'attached' });
  if (await enter.isVisible()) await enter.click();
  await sidebar.waitFor({ state: 'attached' });
  return session;
}
