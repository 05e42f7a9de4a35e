/** Admin API routes for miners (with manifests, incidents and blacklist) and the submitter whitelist. */
import type { FastifyInstance } from 'fastify';
import type { MinersRepo } from '../db/miners';
import type { WhitelistRepo } from '../db/whitelist';
import { validatorErrors } from '../errors';
import { HotkeyParams, MinerBody, WhitelistBody, jsonSchema } from './admin-schemas';

export interface MinerRoutesDeps {
  readonly miners: MinersRepo;
  readonly whitelist: WhitelistRepo;
  /** Incidents shown are those of this window (24 h). */
  readonly incidentWindowMs: number;
}

const security = [{ bearer: [] }];

export function registerMinerRoutes(app: FastifyInstance, deps: MinerRoutesDeps): void {
  const { miners, whitelist } = deps;

  app.get('/admin/v1/miners', { schema: { tags: ['miners'], summary: 'Miners with manifests, incidents and blacklist', security } }, async () => {
    const now = new Date();
    const [rows, manifests, incidents, blacklist] = await Promise.all([
      miners.list(),
      miners.manifests(),
      miners.incidents(new Date(now.getTime() - deps.incidentWindowMs)),
      miners.blacklistEntries(now),
    ]);
    return {
      miners: rows.map((miner) => ({
        hotkey: miner.hotkey,
        address: miner.address,
        port: miner.port,
        ip_version: miner.ipVersion,
        source: miner.source,
        active: miner.active,
        manifest: Object.fromEntries(manifests.filter((m) => m.minerHotkey === miner.hotkey).map((m) => [m.executorClass, m.count])),
        manifest_fetched_at: manifests.find((m) => m.minerHotkey === miner.hotkey)?.fetchedAt.toISOString() ?? null,
        blacklisted_until: blacklist.filter((b) => b.minerHotkey === miner.hotkey).reduce<string | null>((max, b) => (max && max > b.expiresAt.toISOString() ? max : b.expiresAt.toISOString()), null),
      })),
      incidents: incidents.map((i) => ({ type: i.type, miner_hotkey: i.minerHotkey, job_uuid: i.jobUuid, executor_class: i.executorClass, at: i.at.toISOString() })),
      blacklist: blacklist.map((b) => ({ miner_hotkey: b.minerHotkey, reason: b.reason, details: b.details, created_at: b.createdAt.toISOString(), expires_at: b.expiresAt.toISOString() })),
    };
  });

  app.post('/admin/v1/miners', { schema: { tags: ['miners'], summary: 'Add a miner or change its address', security, body: jsonSchema(MinerBody) } }, async (request, reply) => {
    const body = MinerBody.parse(request.body);
    const row = await miners.upsert({ hotkey: body.hotkey, address: body.address, port: body.port, ipVersion: body.ip_version, source: 'cli' });
    return reply.code(201).send({ hotkey: row.hotkey, address: row.address, port: row.port });
  });

  app.delete('/admin/v1/miners/:hotkey', { schema: { tags: ['miners'], summary: 'Remove a miner', security, params: jsonSchema(HotkeyParams) } }, async (request, reply) => {
    const { hotkey } = HotkeyParams.parse(request.params);
    if (!(await miners.remove(hotkey))) throw validatorErrors.error('MINER_NOT_FOUND', hotkey);
    return reply.code(204).send();
  });

  app.get('/admin/v1/whitelist', { schema: { tags: ['whitelist'], summary: 'Submitters whose facilitator jobs run here', security } }, async () => ({
    hotkeys: (await whitelist.list()).map((row) => ({ hotkey: row.hotkey, note: row.note, created_at: row.createdAt.toISOString() })),
  }));

  app.post('/admin/v1/whitelist', { schema: { tags: ['whitelist'], summary: 'Allow a submitter', security, body: jsonSchema(WhitelistBody) } }, async (request, reply) => {
    const body = WhitelistBody.parse(request.body);
    await whitelist.add(body.hotkey, body.note);
    return reply.code(201).send({ hotkey: body.hotkey });
  });

  app.delete('/admin/v1/whitelist/:hotkey', { schema: { tags: ['whitelist'], summary: 'Disallow a submitter', security, params: jsonSchema(HotkeyParams) } }, async (request, reply) => {
    const { hotkey } = HotkeyParams.parse(request.params);
    if (!(await whitelist.remove(hotkey))) throw validatorErrors.error('WHITELIST_ENTRY_NOT_FOUND', hotkey);
    return reply.code(204).send();
  });
}
