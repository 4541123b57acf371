package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;

/** A prerequisite that two hosts must meet together (same firmware, same PSID). */
interface PairCheck {
  String id();

  Finding check(HostProbe a, HostProbe b);
}
