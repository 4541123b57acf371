package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;

/** A prerequisite of migrating one VM from one host to another. */
interface GuestCheck {
  String id();

  Finding check(PrereqFacts src, PrereqFacts dst, GuestFacts guest);
}
