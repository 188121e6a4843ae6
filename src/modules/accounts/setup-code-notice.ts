import type { FastifyInstance } from 'fastify';
import type { AccountsService } from './accounts.service.js';

/**
 * A site without an admin says in its log, once it listens, how to create
 * one: the address of the setup page and the setup code (first-admin.ts).
 * Under `serve --workers N` one worker says it (the one that does the
 * housekeeping), not every worker.
 */
export function announceSetupCode(app: FastifyInstance, accounts: Pick<AccountsService, 'setupCode'>, siteUrl: string): void {
  app.addHook('onListen', async () => {
    try {
      const setupCode = await accounts.setupCode();
      if (setupCode) app.log.warn({ setupCode }, `No admin account yet: open ${siteUrl}/admin/setup and enter the setup code ${setupCode} ("broadsheet setup-code" shows it again).`);
    } catch (err) {
      app.log.error({ err }, 'checking for a first admin failed');
    }
  });
}
