import { performance } from 'node:perf_hooks';
import { syncSchemaVersion, type PushResponse } from '../../shared/sync/protocol';
import { round, type Bench } from './harness';
import { benchDisputes, rulable, startBenchService, timeDirectRulings } from './service';

/**
 * Pushing rulings through the protocol (rules, locks, outcomes, audit chain, HTTP), against
 * writing the same ruled rows straight into the table, one transaction each, in the same run.
 */
export const servicePush: Bench = {
  name: 'service-push',
  async run(size) {
    const count = size === 'small' ? 100 : 1_000;
    const disputes = rulable(benchDisputes(count));
    const service = await startBenchService(disputes);
    try {
      const rulings = disputes.map((dispute, index) => ({
        clientId: 'bench-client-1',
        mutationId: index + 1,
        name: 'ruling.record',
        args: {
          disputeId: dispute.id,
          draft: { outcome: 'full_refund', rationale: 'Benchmark ruling.', citedEvidenceIds: [], policyCodes: [] },
        },
        // A fresh service gives the disputes versions 1, 2, … in order: each ruling is based on its own.
        baseVersion: index + 1,
      }));
      const pushStarted = performance.now();
      for (let offset = 0; offset < rulings.length; offset += 100) {
        const response = await fetch(`${service.url}/sync/push`, {
          method: 'POST',
          headers: { authorization: `Bearer ${service.token}` },
          body: JSON.stringify({ schemaVersion: syncSchemaVersion, clientId: 'bench-client-1', mutations: rulings.slice(offset, offset + 100) }),
        });
        const body = (await response.json()) as PushResponse;
        const refused = body.outcomes.find((outcome) => outcome.status !== 'applied');
        if (refused) throw new Error(`a benchmark ruling was not applied: ${JSON.stringify(refused)}`);
      }
      const pushMs = performance.now() - pushStarted;

      const directMs = await timeDirectRulings(service.db, disputes);
      return {
        bench: 'service-push',
        value: round(count / (pushMs / 1000)),
        unit: 'rulings/s',
        baseline: round(count / (directMs / 1000)),
        ratio: round(pushMs / directMs),
        target: 200,
        size,
        // One push: a ruling is pushed once, so each more would need a fresh service as well, ~7 s at full size.
        samples: 1,
      };
    } finally {
      await service.stop();
    }
  },
};
