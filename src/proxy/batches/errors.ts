import { BATCH_PROBLEM_TYPES } from '../../contract/proxy';
import { ProxyProblem } from '../http/problems';

/** The batch routes on a proxy with nowhere to keep batch state. */
export class BatchesNotConfiguredProblem extends ProxyProblem {
  constructor() {
    super({
      type: BATCH_PROBLEM_TYPES.notConfigured,
      title: 'Batch unlock is not configured',
      status: 501,
      detail:
        'Batches are kept on disk so that a restart cannot lose one; set BATCH_STATE_DIR (or AUDIT_LOG_FILE, next to which a batches folder is used).',
    });
  }
}
