package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;

/**
 * A prerequisite of migrating from one host to another; the finding names the hosts as {@code
 * src,dst}.
 */
interface DirectedCheck {
  String id();

  Finding check(PrereqFacts src, PrereqFacts dst);
}
