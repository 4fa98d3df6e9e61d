/**
 * The policy reasons a ruling can name, one per rule of the marketplace's help page (the same
 * codes the demo workspace's rulings carry). Each has a label under `ruling.policy.<code>`.
 */
export const policyCodes = [
  'evidence.clear-and-sufficient',
  'evidence.before-due-date',
  'evidence.correct-format',
  'evidence.every-piece',
  'evidence.not-forged',
  'return.confirmed-address',
  'return.refund-after-receipt',
  'agreement.process-as-agreed',
] as const;
