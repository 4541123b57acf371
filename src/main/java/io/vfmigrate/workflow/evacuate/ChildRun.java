package io.vfmigrate.workflow.evacuate;

import io.vfmigrate.workflow.evacuate.EvacuationPlan.Move;

/**
 * One VM's migration of an evacuation, as the {@link Schedule} runs it: {@link ChildMigration} on
 * the hosts.
 */
interface ChildRun {
  /** Runs it; calls {@code transferEnded} once its transfer has ended (its lane is free again). */
  ChildMigration.Ran run(Move m, Runnable transferEnded);

  /** Milliseconds since the evacuation began (the source's clock). */
  long now();

  /** The host being evacuated. */
  String source();
}
