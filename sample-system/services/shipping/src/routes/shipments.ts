import { Router, type Request } from 'express';
import type pg from 'pg';
import { z } from 'zod';
import type { Broker } from '../broker.js';
import { ShipmentDispatched } from '../events.js';
import { logger } from '../observability.js';
import { findShipment, listShipmentsForUser, markDelivered, markDispatched } from '../shipments-repository.js';
import { HttpError } from '../server.js';

const ListQuery = z.object({ active: z.enum(['true', 'false']).default('false') });

const StatusBody = z.discriminatedUnion('status', [
  z.object({ status: z.literal('dispatched'), trackingNumber: z.string().min(4).max(64) }),
  z.object({ status: z.literal('delivered') }),
]);

function callerId(req: Request): string {
  const userId = req.get('x-user-id');
  if (!userId) throw new HttpError(401, 'x-user-id header missing');
  return userId;
}

export function shipmentsRouter(pool: pg.Pool, broker: Broker): Router {
  const router = Router();

  router.get('/shipments', async (req, res) => {
    const { active } = ListQuery.parse(req.query);
    res.json(await listShipmentsForUser(pool, callerId(req), active === 'true'));
  });

  router.get('/shipments/:id', async (req, res) => {
    const shipment = await findShipment(pool, req.params.id);
    const caller = req.get('x-user-id');
    if (!shipment || (caller !== undefined && caller !== shipment.userId)) throw new HttpError(404, 'shipment not found');
    res.json(shipment);
  });

  /** Set by the warehouse scanner app. Setting the same status twice changes nothing. */
  router.put('/shipments/:id/status', async (req, res) => {
    const change = StatusBody.parse(req.body);
    const current = await findShipment(pool, req.params.id);
    if (!current) throw new HttpError(404, 'shipment not found');
    if (current.status === change.status) {
      res.json(current);
      return;
    }

    if (change.status === 'delivered') {
      const delivered = await markDelivered(pool, current.id);
      if (!delivered) throw new HttpError(409, `a ${current.status} shipment cannot be delivered`);
      res.json(delivered);
      return;
    }

    const dispatched = await markDispatched(pool, current.id, change.trackingNumber);
    if (!dispatched) throw new HttpError(409, `a ${current.status} shipment cannot be dispatched`);
    await broker.publish(
      'shipment.dispatched',
      ShipmentDispatched.parse({
        shipmentId: dispatched.id,
        orderId: dispatched.orderId,
        userId: dispatched.userId,
        carrier: dispatched.carrier,
        trackingNumber: change.trackingNumber,
        dispatchedAt: new Date().toISOString(),
      }),
    );
    logger.info({ shipmentId: dispatched.id, orderId: dispatched.orderId }, 'shipment dispatched');
    res.json(dispatched);
  });

  return router;
}
