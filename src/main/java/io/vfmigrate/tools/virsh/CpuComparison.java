package io.vfmigrate.tools.virsh;

import io.vfmigrate.tools.ToolOutputException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * libvirt's answer to {@code virsh hypervisor-cpu-compare --error FILE} ({@code tools/virsh-host.c
 * cmdHypervisorCPUCompare}, deciding with {@code virCPUCompare}): identical, superset (the guest
 * CPU fits), or incompatible with libvirt's reason, e.g. {@code Host CPU does not provide required
 * features: avx512f} ({@code VIR_ERR_CPU_INCOMPATIBLE}).
 *
 * @param result identical, superset or incompatible
 * @param reason libvirt's reason for an incompatible CPU; empty otherwise
 * @param missingFeatures the features libvirt names as missing, in its order
 */
public record CpuComparison(Result result, String reason, List<String> missingFeatures) {
  /** The verdict. */
  public enum Result {
    IDENTICAL,
    SUPERSET,
    INCOMPATIBLE
  }

  static final String INCOMPATIBLE_PREFIX = "the CPU is incompatible with host CPU: ";
  private static final String MISSING = "does not provide required features: ";

  public CpuComparison {
    missingFeatures = List.copyOf(missingFeatures);
  }

  public boolean compatible() {
    return result != Result.INCOMPATIBLE;
  }

  /** The verdict of a comparison that succeeded, from its stdout. */
  static CpuComparison parse(String stdout) {
    String line = VirshText.lines(stdout).stream().findFirst().orElse("");
    if (line.contains(" is identical to the CPU provided by hypervisor")) {
      return new CpuComparison(Result.IDENTICAL, "", List.of());
    }
    if (line.contains("is a superset of CPU described in")) {
      return new CpuComparison(Result.SUPERSET, "", List.of());
    }
    if (line.contains(" is incompatible with the CPU provided by hypervisor")) {
      return new CpuComparison(Result.INCOMPATIBLE, "incompatible", List.of());
    }
    throw new ToolOutputException("virsh hypervisor-cpu-compare", "no verdict", stdout);
  }

  /** The verdict in a failed comparison's error text, if it is libvirt's incompatible-CPU error. */
  static Optional<CpuComparison> incompatible(String errorText) {
    int at = errorText.indexOf(INCOMPATIBLE_PREFIX);
    if (at < 0) {
      return Optional.empty();
    }
    String reason =
        errorText.substring(at + INCOMPATIBLE_PREFIX.length()).lines().findFirst().orElse("");
    int features = reason.indexOf(MISSING);
    List<String> missing =
        features < 0
            ? List.of()
            : Arrays.stream(reason.substring(features + MISSING.length()).split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    return Optional.of(new CpuComparison(Result.INCOMPATIBLE, reason.strip(), missing));
  }
}
