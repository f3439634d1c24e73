/** Messages and signals: publish, correlate, broadcast, and what instances wait for. */
import { Router } from 'express';
import {
  messageCorrelationSchema,
  messagePublicationSchema,
  signalBroadcastSchema,
} from '../../../../schemas/v2/requestSchemas';
import { validateBody } from '../../http/validateBody';
import { TENANT } from '../../storage/rowDocuments';
import { messageSubscriptionSpec } from './searchSpecs';
import { runSearch } from './runSearch';
import type { V2Deps } from './V2Deps';
import { requireCan } from './routeHelpers';

interface MessageBody {
  name: string;
  correlationKey?: string | null;
  timeToLive?: number | null;
  messageId?: string | null;
  variables?: Record<string, unknown> | null;
}

export function messageRoutes(deps: V2Deps): Router {
  const router = Router();

  router.post('/messages/publication', async (req, res) => {
    requireCan(res, 'message.publish');
    const body = validateBody<MessageBody>(messagePublicationSchema, req.body);
    const published = await deps.messages.publish({
      name: body.name,
      correlationKey: body.correlationKey ?? '',
      timeToLive: body.timeToLive ?? 0,
      messageId: body.messageId ?? null,
      variables: body.variables ?? {},
    });
    res.json({ tenantId: TENANT, messageKey: published.messageKey });
  });

  router.post('/messages/correlation', async (req, res) => {
    requireCan(res, 'message.publish');
    const body = validateBody<MessageBody>(messageCorrelationSchema, req.body);
    const correlated = await deps.messages.correlateNow({
      name: body.name,
      correlationKey: body.correlationKey ?? '',
      variables: body.variables ?? {},
    });
    res.json({ tenantId: TENANT, ...correlated });
  });

  router.post('/signals/broadcast', async (req, res) => {
    requireCan(res, 'signal.broadcast');
    const body = validateBody<{ signalName: string; variables?: Record<string, unknown> | null }>(
      signalBroadcastSchema,
      req.body,
    );
    const broadcast = await deps.signals.broadcast(body.signalName, body.variables ?? {});
    res.json({ tenantId: TENANT, signalKey: broadcast.signalKey });
  });

  router.post('/message-subscriptions/search', async (req, res) => {
    requireCan(res, 'instance.read.all');
    res.json(await runSearch(deps.c.messageSubscriptions, req.body, messageSubscriptionSpec));
  });

  return router;
}
