package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;

/** One prerequisite, checked on one host. */
interface HostCheck {
  /** The finding id, a stable contract (README lists them). */
  String id();

  Finding check(HostProbe probe);
}
