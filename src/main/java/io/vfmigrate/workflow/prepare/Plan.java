package io.vfmigrate.workflow.prepare;

import java.util.List;

/**
 * The steps still needed on a host, in order; a reboot is needed before anything else. {@code
 * notes}: what the operator should know that no step covers (a state vfmigrate cannot read).
 */
record Plan(List<Step> steps, boolean rebootRequired, List<String> notes) {
  Plan {
    steps = List.copyOf(steps);
    notes = List.copyOf(notes);
  }
}
