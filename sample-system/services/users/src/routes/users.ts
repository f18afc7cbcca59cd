import { Router, type Request } from 'express';
import type pg from 'pg';
import { z } from 'zod';
import { profileKey, type ProfileCache } from '../cache.js';
import { inSpan } from '../observability.js';
import { HttpError } from '../server.js';
import {
  findAddresses,
  findPreferences,
  findProfile,
  findUser,
  updatePreferences,
  upsertUser,
  type Profile,
} from '../users-repository.js';

const UpsertUserBody = z.object({
  email: z.email(),
  fullName: z.string().min(1).max(200),
});

const PreferencesBody = z
  .object({
    locale: z.string().min(2).max(10),
    currency: z.string().length(3),
    marketingEmails: z.boolean(),
  })
  .partial();

/**
 * Requests that come through the gateway carry the caller's id in `x-user-id`; a customer
 * may only read their own record. Service-to-service calls do not set the header.
 */
function assertOwnRecord(req: Request, userId: string): void {
  const caller = req.get('x-user-id');
  if (caller !== undefined && caller !== userId) throw new HttpError(403, 'not your account');
}

export function usersRouter(pool: pg.Pool, cache: ProfileCache): Router {
  const router = Router();

  router.get('/users/:id', async (req, res) => {
    assertOwnRecord(req, req.params.id);
    const user = await findUser(pool, req.params.id);
    if (!user) throw new HttpError(404, 'user not found');
    res.json(user);
  });

  router.get('/users/:id/addresses', async (req, res) => {
    assertOwnRecord(req, req.params.id);
    res.json(await findAddresses(pool, req.params.id));
  });

  router.get('/users/:id/preferences', async (req, res) => {
    assertOwnRecord(req, req.params.id);
    res.json(await findPreferences(pool, req.params.id));
  });

  router.get('/users/:id/profile', async (req, res) => {
    const userId = req.params.id;
    assertOwnRecord(req, userId);
    const profile = await inSpan('users.profile', { 'shop.user_id': userId }, () =>
      cache.getOrLoad<Profile>(profileKey(userId), () => findProfile(pool, userId)),
    );
    if (!profile) throw new HttpError(404, 'user not found');
    res.json(profile);
  });

  /** What notifications needs to address a message: name, e-mail and locale. */
  router.get('/users/:id/contact', async (req, res) => {
    assertOwnRecord(req, req.params.id);
    const profile = await cache.getOrLoad<Profile>(profileKey(req.params.id), () => findProfile(pool, req.params.id));
    if (!profile) throw new HttpError(404, 'user not found');
    res.json({
      id: profile.id,
      email: profile.email,
      fullName: profile.fullName,
      locale: profile.preferences.locale,
    });
  });

  /** Called by the identity provider's post-registration hook; PUT on the subject id is safe to repeat. */
  router.put('/users/:id', async (req, res) => {
    assertOwnRecord(req, req.params.id);
    const body = UpsertUserBody.parse(req.body);
    const user = await upsertUser(pool, req.params.id, body.email, body.fullName);
    await cache.invalidate(profileKey(user.id));
    res.json(user);
  });

  router.put('/users/:id/preferences', async (req, res) => {
    assertOwnRecord(req, req.params.id);
    const changes = PreferencesBody.parse(req.body);
    const preferences = await updatePreferences(pool, req.params.id, changes);
    if (!preferences) throw new HttpError(404, 'user not found');
    await cache.invalidate(profileKey(req.params.id));
    res.json(preferences);
  });

  return router;
}
