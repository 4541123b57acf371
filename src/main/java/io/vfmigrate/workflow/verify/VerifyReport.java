package io.vfmigrate.workflow.verify;

import java.util.List;
import java.util.Optional;

/**
 * What {@code verify} found in the guest; ok when the checked interface (the VF's, see {@link
 * VerifiedInterface}) is up and ping answers. {@code checked} says which interface that was; empty
 * when the domain has none to check.
 */
public record VerifyReport(
    String vm,
    String host,
    Optional<String> mac,
    Optional<String> guestInterface,
    Optional<String> ipv4,
    Optional<String> target,
    Optional<Double> packetLoss,
    List<String> problems,
    Optional<VerifiedInterface> checked) {
  public VerifyReport {
    problems = List.copyOf(problems);
  }

  /**
   * Which interface was checked, as a report says it: {@code VF interface enp7s0
   * (52:54:00:56:8c:f7)}.
   */
  public String describeChecked() {
    if (checked.isEmpty()) {
      return "no interface";
    }
    return checked.get().description()
        + guestInterface.map(n -> " " + n).orElse("")
        + mac.map(m -> " (" + m + ")").orElse("");
  }

  public boolean ok() {
    return problems.isEmpty();
  }
}
