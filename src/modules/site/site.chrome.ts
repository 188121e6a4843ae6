import type { Services } from '../../services.js';
import type { Chrome } from '../../views/chrome.js';

/** Load what every public page shows around its content. */
export async function loadChrome(services: Services, siteUrl: string, assetVersion: string): Promise<Chrome> {
  const [site, sections] = await Promise.all([services.settings.get(), services.sections.list()]);
  return { site, sections, siteUrl, assetVersion };
}
