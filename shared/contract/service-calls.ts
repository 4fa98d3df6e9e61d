import { z } from 'zod';

/**
 * Why a case service address was refused, most basic first. The renderer words each one for the
 * user; scripts may branch on them, so a code is added, never renamed.
 */
export const serviceAddressProblemCodes = [
  /** Not a web address at all, or not written out from its scheme. */
  'not_a_url',
  /** A scheme other than http or https. */
  'not_http',
  /** A user name or password inside the address. */
  'has_credentials',
  /** A path, query or fragment after the host and port. */
  'has_path',
  /** The host name does not resolve. */
  'unknown_host',
  /** Nothing accepted the connection (refused, unreachable, TLS failure). */
  'unreachable',
  /** Connected, but no answer within the check's few seconds. */
  'timeout',
  /** Something answered, but not a Dispute Desk case service's health answer. */
  'not_a_case_service',
  /** The service speaks an older sync schema: the team's service needs updating. */
  'service_too_old',
  /** The service speaks a newer sync schema: this app needs updating. */
  'desk_too_old',
] as const;

/** A stable reason a case service address was refused. */
export type ServiceAddressProblemCode = (typeof serviceAddressProblemCodes)[number];

/** A refused address: its code, and an English message for logs and scripts. */
export const serviceAddressProblemSchema = z.object({
  code: z.enum(serviceAddressProblemCodes),
  message: z.string().min(1),
});

/** A refused address, as the host reports it. */
export type ServiceAddressProblem = z.infer<typeof serviceAddressProblemSchema>;

/** The calls that choose which case service this installation syncs with. */
export const serviceCalls = {
  /**
   * Checks an address typed by the user (http or https, nothing after the port, `GET /health`
   * answering with this desk's sync schema version) and, only when it passes, saves it in the
   * data folder's settings as the service to use from now on. A refusal saves nothing.
   */
  'service.connect': {
    request: z.object({ address: z.string().max(2048) }).strict(),
    response: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), serviceUrl: z.url(), demo: z.boolean() }),
      z.object({ ok: z.literal(false), problem: serviceAddressProblemSchema }),
    ]),
  },
} as const;
