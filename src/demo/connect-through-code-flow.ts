import type { Logger } from 'pino';
import type { ConnectFlow } from '../auth';

/**
 * Plays the person's part of the OAuth code flow against the simulator: open the authorize URL, take the
 * redirect it answers with, and hand its query to the same callback handling `GET /callback` uses.
 */
export async function connectThroughCodeFlow(connectFlow: ConnectFlow, logger: Logger): Promise<void> {
  const { authorizeUrl } = await connectFlow.begin();
  const response = await fetch(authorizeUrl, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) {
    throw new Error(`the simulator's authorize endpoint answered ${response.status} without a redirect`);
  }
  const query = new URL(location).searchParams;
  const { realmId } = await connectFlow.complete({
    code: query.get('code') ?? undefined,
    state: query.get('state') ?? undefined,
    realmId: query.get('realmId') ?? undefined,
    error: query.get('error') ?? undefined,
  });
  logger.info({ company_id: realmId }, 'demo mode: connected to the simulated company');
}
