export {
  allocate,
  allocateWithExplanations,
  allocationStats,
  explainApplicant,
  prepareAllocation,
  runPrepared,
  AllocationInputError,
  MECHANISMS,
  PASSED_OVER_MESSAGES,
  type AllocationInput,
  type AllocationResult,
  type AllocationStats,
  type ApplicantExplanation,
  type ApplicantInput,
  type Mechanism,
  type PassedOverReason,
  type PostInput,
  type PreparedAllocation,
} from './domain/allocate.ts';
export {
  solve,
  Reason,
  type CoreInstance,
  type CoreMechanism,
  type CoreResult,
  type ReasonCode,
} from './domain/core.ts';
export { lotteryOrder, mulberry32, priorityOrder } from './domain/lottery.ts';
export { MECHANISM_DESCRIPTIONS, type MechanismDescription } from './domain/mechanisms.ts';
export { register } from './routes.ts';
// The journeys' starting state (scripts/e2e-fixtures.ts) is built through these, as the programme team and learners
// would build it.
export { closeWindow, createWindow, openWindow } from './service.ts';
export { publishRun, runAllocation } from './runs-service.ts';
export { saveRanking } from './preferences-service.ts';
