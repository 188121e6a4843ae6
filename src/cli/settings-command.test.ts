import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type SettingsService, type SiteSettings, validateSettings } from '../modules/settings/settings.service.js';
import { runSettingsCommand, UsageError } from './settings-command.js';

/** Settings kept in memory, with the service's own checks. */
function memorySettings(): SettingsService {
  let current: SiteSettings = { ...DEFAULT_SETTINGS };
  return {
    get: async () => current,
    update: async (patch) => {
      validateSettings(patch);
      current = { ...current, ...patch };
      return current;
    },
    secret: async () => Buffer.alloc(32),
  };
}

describe('broadsheet settings: branding', () => {
  it('prints the branding settings, lists and images as JSON', async () => {
    const lines = await runSettingsCommand([], memorySettings());
    expect(lines).toEqual(expect.arrayContaining(['accentColor=', 'menu=[]', 'footerLinks=[]', 'socialProfiles=[]', 'logo=null', 'icon=null']));
  });

  it('sets the accent colour and the lists with the same checks as the admin page', async () => {
    const settings = memorySettings();
    expect(await runSettingsCommand(['set', 'accentColor=#0B5D3B', 'menu=[{"sectionId":2},{"label":"About","url":"/about"}]'], settings)).toEqual([
      'accentColor="#0b5d3b"',
      'menu=[{"sectionId":2},{"label":"About","url":"/about"}]',
    ]);
    await expect(runSettingsCommand(['set', 'accentColor=#f0a0a0'], settings)).rejects.toThrow(/contrast of 1\.\d:1/);
    await expect(runSettingsCommand(['set', 'footerLinks=[{"label":"x","url":"javascript:alert(1)"}]'], settings)).rejects.toThrow('must start with https://');
    await expect(runSettingsCommand(['set', 'menu=about'], settings)).rejects.toThrow(UsageError);
    expect((await settings.get()).accentColor).toBe('#0b5d3b');
  });

  it('removes the logo and icon, but never takes one typed in', async () => {
    const settings = memorySettings();
    expect(await runSettingsCommand(['set', 'logo=none', 'icon='], settings)).toEqual(['logo=null', 'icon=null']);
    await expect(runSettingsCommand(['set', 'logo={"url":"/media/branding/x.png"}'], settings)).rejects.toThrow('logo is uploaded on /admin/settings/branding; here only logo=none removes it');
  });
});
