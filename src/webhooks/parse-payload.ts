import { z } from 'zod';

/** One change Intuit told us about, from either payload format. */
export interface WebhookEvent {
  /** CloudEvents `id`; for the legacy format, a key built from the event's fields (it has no id). */
  readonly eventId: string;
  readonly realmId: string;
  readonly entity: string;
  readonly entityId: string;
  readonly operation: string;
}

const legacySchema = z.object({
  eventNotifications: z.array(
    z.object({
      realmId: z.string(),
      dataChangeEvent: z
        .object({
          entities: z.array(
            z.object({ name: z.string(), id: z.string(), operation: z.string(), lastUpdated: z.string().optional() }),
          ),
        })
        .optional(),
    }),
  ),
});

const cloudEventSchema = z.object({
  id: z.string().min(1),
  type: z.string(),
  intuitaccountid: z.string(),
  intuitentityid: z.string().optional(),
});

/**
 * Accepts both formats Intuit sends (docs/quickbooks.md#webhooks): the legacy `{"eventNotifications": [...]}` object
 * and the CloudEvents array (`type` = `qbo.<entity>.<operation>.v1`, `intuitaccountid` = realm). Null when the body is
 * neither, so the route can answer 400 instead of guessing.
 */
export function parseWebhookPayload(body: unknown): WebhookEvent[] | null {
  if (Array.isArray(body)) {
    const events = z.array(cloudEventSchema).safeParse(body);
    if (!events.success) return null;
    return events.data.map((event) => {
      const [, entity = 'unknown', operation = 'unknown'] = event.type.split('.');
      return { eventId: event.id, realmId: event.intuitaccountid, entity, entityId: event.intuitentityid ?? '', operation };
    });
  }
  const legacy = legacySchema.safeParse(body);
  if (!legacy.success) return null;
  return legacy.data.eventNotifications.flatMap((notification) =>
    (notification.dataChangeEvent?.entities ?? []).map((entity) => ({
      eventId: `${notification.realmId}:${entity.name}:${entity.id}:${entity.operation}:${entity.lastUpdated ?? ''}`,
      realmId: notification.realmId,
      entity: entity.name.toLowerCase(),
      entityId: entity.id,
      operation: entity.operation.toLowerCase(),
    })),
  );
}
