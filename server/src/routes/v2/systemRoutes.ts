/** Cluster information and the shared clock. */
import { Router } from 'express';
import { pinClockSchema } from '../../../../schemas/v2/requestSchemas';
import { ProblemError } from '../../http/ProblemError';
import { validateBody } from '../../http/validateBody';
import type { V2Deps } from './V2Deps';
import { requireCan } from './routeHelpers';

export const GATEWAY_VERSION = '8.9.0';

/** `GET /status` and `GET /license` answer without credentials, as the spec says. */
export function publicSystemRoutes(): Router {
  const router = Router();
  router.get('/status', (_req, res) => void res.status(204).end());
  router.get('/license', (_req, res) => {
    res.json({
      validLicense: true,
      licenseType: 'Apache-2.0 compatible (Relata)',
      isCommercial: false,
      expiresAt: null,
    });
  });
  return router;
}

export function systemRoutes(deps: V2Deps): Router {
  const router = Router();
  router.get('/topology', (_req, res) => {
    res.json({
      brokers: [
        {
          nodeId: 0,
          host: 'localhost',
          port: 26501,
          partitions: [{ partitionId: 1, role: 'leader', health: 'healthy' }],
          version: GATEWAY_VERSION,
        },
      ],
      clusterSize: 1,
      partitionsCount: 1,
      replicationFactor: 1,
      gatewayVersion: GATEWAY_VERSION,
      lastCompletedChangeId: '-1',
    });
  });
  const requireClockControl = () => {
    if (!deps.clockControl) {
      throw ProblemError.forbidden(
        'clock control is switched off on this server (RELATA_CLOCK_CONTROL=true switches it on)',
      );
    }
  };
  router.put('/clock', async (req, res) => {
    requireCan(res, 'clock.manage');
    requireClockControl();
    const body = validateBody<{ timestamp: number }>(pinClockSchema, req.body);
    await deps.clock.pin(body.timestamp);
    res.status(204).end();
  });
  router.post('/clock/reset', async (_req, res) => {
    requireCan(res, 'clock.manage');
    requireClockControl();
    await deps.clock.reset();
    res.status(204).end();
  });
  return router;
}
