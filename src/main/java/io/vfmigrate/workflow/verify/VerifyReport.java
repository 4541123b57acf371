package io.vfmigrate.workflow.verify;

import java.util.List;
import java.util.Optional;

/** What {@code verify} found in the guest; ok when the VF interface is up and ping answers. */
public record VerifyReport(
    String vm,
    String host,
    Optional<String> mac,
    Optional<String> guestInterface,
    Optional<String> ipv4,
    Optional<String> target,
    Optional<Double> packetLoss,
    List<String> problems) {
  public VerifyReport {
    problems = List.copyOf(problems);
  }

  public boolean ok() {
    return problems.isEmpty();
  }
}
