import type { FastifyInstance } from 'fastify';
import { registerErasureStep, registerPersonalDataSource, registerPersonalDataTables } from '../people/index.ts';
import { allocationPersonalData, allocationPersonalDataOf, eraseAllocationData } from './personal-data.ts';
import { allocationRoutes } from './routes.ts';

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
// The journeys' starting state (scripts/e2e-fixtures.ts) is built through these, as the programme team and learners
// would build it.
export { closeWindow, createWindow, openWindow } from './service.ts';
export { publishRun, runAllocation } from './runs-service.ts';
export { saveRanking } from './preferences-service.ts';
export { seedDemoAllocation } from './demo.ts';

/**
 * The allocation feature: preference windows, learners' rankings, special circumstances and linked applications,
 * allocation runs and their explanations, publishing and swaps.
 */
export async function register(app: FastifyInstance): Promise<void> {
  registerPersonalDataSource('allocation', allocationPersonalDataOf);
  registerErasureStep('allocation', eraseAllocationData);
  registerPersonalDataTables('allocation', allocationPersonalData);
  allocationRoutes(app);
  await Promise.resolve();
}
