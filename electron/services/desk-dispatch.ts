import { z } from 'zod';
import {
  deskCalls,
  isDeskCallName,
  type DeskCallName,
  type DeskResponse,
} from '../../shared/contract/calls';
import { deskFailure, type DeskErrorCode, type DeskResult } from '../../shared/contract/errors';
import { createLogger } from '../../shared/logger';

const log = createLogger('desk-dispatch');

/** The parsed request a service receives for call `N`, after the contract's schema accepted it. */
type ParsedRequest<N extends DeskCallName> = z.output<(typeof deskCalls)[N]['request']>;

/** One service function per declared call; a missing one is a build error in every host. */
export type DeskHandlers = {
  [N in DeskCallName]: (request: ParsedRequest<N>) => Promise<DeskResponse<N>>;
};

/** A refusal a service throws on purpose (a locked desk): answered with its code and sentence, not as a bug. */
export class DeskCallRefused extends Error {
  constructor(
    readonly code: DeskErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DeskCallRefused';
  }
}

/**
 * Runs one desk call from an untrusted caller: checks the name and the payload against the
 * contract, runs the service, and returns an outcome value. Both hosts call this, so IPC and
 * HTTP refuse the same inputs with the same codes. A service that throws is a bug: it is logged
 * with its stack here, and the caller gets `internal` with no stack.
 */
export async function dispatchDeskCall(
  handlers: DeskHandlers,
  name: unknown,
  payload: unknown,
): Promise<DeskResult<unknown>> {
  if (!isDeskCallName(name)) {
    return deskFailure('unknown_call', `There is no desk call named ${JSON.stringify(name)}.`);
  }
  const spec = deskCalls[name];
  const request = spec.request.safeParse(payload ?? {});
  if (!request.success) {
    return deskFailure(
      'bad_request',
      `The request for ${name} is not valid: ${z.prettifyError(request.error)}`,
    );
  }
  try {
    const handler = handlers[name] as (request: unknown) => Promise<unknown>;
    const value = spec.response.parse(await handler(request.data));
    return { ok: true, value };
  } catch (error) {
    if (error instanceof DeskCallRefused) return deskFailure(error.code, error.message);
    log.error('desk call failed', {
      call: name,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    return deskFailure('internal', `${name} failed inside Dispute Desk. The details are in the app's log.`);
  }
}
