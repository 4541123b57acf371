package io.vfmigrate.workflow.prepare;

import java.util.List;

/** The steps still needed on a host, in order; a reboot is needed before anything else. */
record Plan(List<Step> steps, boolean rebootRequired) {
  Plan {
    steps = List.copyOf(steps);
  }
}
