package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;
import java.util.Optional;

/** {@code mstflint-installed}: the package with mstconfig and mstflint. */
final class MstflintInstalledCheck implements HostCheck {
  static final String ID = "mstflint-installed";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding check(HostProbe probe) {
    Optional<PackageLookup.Found> pkg = probe.mstflintPackage();
    if (pkg.isPresent()) {
      return Finding.pass(ID, probe.name(), "mstflint " + pkg.get().version());
    }
    return Finding.fail(
        ID,
        probe.name(),
        "package mstflint is not installed",
        probe.packages().installCommand("mstflint", "mstflint"));
  }
}
