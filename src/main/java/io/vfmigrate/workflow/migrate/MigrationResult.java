package io.vfmigrate.workflow.migrate;

import io.vfmigrate.model.PciAddress;
import io.vfmigrate.workflow.verify.VerifyReport;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of {@code migrate}. Byte counts are honest: {@code deviceStateBytes} is the VF state
 * QEMU sent, which libvirt's job statistics leave out; {@code libvirtReportedBytes} is what
 * libvirt's own statistics claim, for comparison. {@code verification} is the check in the guest
 * after a migration, naming the interface it checked.
 *
 * <p>A figure nobody reported is empty, never 0: {@code downtimeMs} when libvirt's completed job
 * statistics are missing (or there was no switchover: refused, planned, rolled back), {@code
 * deviceStateBytes} when VFs moved but QEMU reported no device state. {@code unknownWhy} says why a
 * figure of a completed migration is unknown.
 */
public record MigrationResult(
    String vm,
    MigrationOutcome outcome,
    String source,
    String destination,
    long totalTimeMs,
    Optional<Long> downtimeMs,
    long ramBytes,
    Optional<Long> deviceStateBytes,
    long iterations,
    long libvirtReportedBytes,
    Optional<Boolean> verified,
    List<Refusal> refusals,
    Map<PciAddress, PciAddress> vfMapping,
    List<String> commands,
    String rewrittenXml,
    Optional<String> error,
    Optional<VerifyReport> verification,
    Optional<String> unknownWhy,
    MigrationTuning tuning) {
  /** A result without tuning figures. */
  public MigrationResult(
      String vm,
      MigrationOutcome outcome,
      String source,
      String destination,
      long totalTimeMs,
      Optional<Long> downtimeMs,
      long ramBytes,
      Optional<Long> deviceStateBytes,
      long iterations,
      long libvirtReportedBytes,
      Optional<Boolean> verified,
      List<Refusal> refusals,
      Map<PciAddress, PciAddress> vfMapping,
      List<String> commands,
      String rewrittenXml,
      Optional<String> error,
      Optional<VerifyReport> verification,
      Optional<String> unknownWhy) {
    this(
        vm,
        outcome,
        source,
        destination,
        totalTimeMs,
        downtimeMs,
        ramBytes,
        deviceStateBytes,
        iterations,
        libvirtReportedBytes,
        verified,
        refusals,
        vfMapping,
        commands,
        rewrittenXml,
        error,
        verification,
        unknownWhy,
        MigrationTuning.NONE);
  }

  /** The same result with {@code t} as its tuning figures. */
  public MigrationResult withTuning(MigrationTuning t) {
    return new MigrationResult(
        vm,
        outcome,
        source,
        destination,
        totalTimeMs,
        downtimeMs,
        ramBytes,
        deviceStateBytes,
        iterations,
        libvirtReportedBytes,
        verified,
        refusals,
        vfMapping,
        commands,
        rewrittenXml,
        error,
        verification,
        unknownWhy,
        t);
  }

  public MigrationResult {
    refusals = List.copyOf(refusals);
    vfMapping = Map.copyOf(vfMapping);
    commands = List.copyOf(commands);
  }

  /** A result without a verification in the guest (refused, planned, rolled back, not asked). */
  public MigrationResult(
      String vm,
      MigrationOutcome outcome,
      String source,
      String destination,
      long totalTimeMs,
      Optional<Long> downtimeMs,
      long ramBytes,
      Optional<Long> deviceStateBytes,
      long iterations,
      long libvirtReportedBytes,
      Optional<Boolean> verified,
      List<Refusal> refusals,
      Map<PciAddress, PciAddress> vfMapping,
      List<String> commands,
      String rewrittenXml,
      Optional<String> error) {
    this(
        vm,
        outcome,
        source,
        destination,
        totalTimeMs,
        downtimeMs,
        ramBytes,
        deviceStateBytes,
        iterations,
        libvirtReportedBytes,
        verified,
        refusals,
        vfMapping,
        commands,
        rewrittenXml,
        error,
        Optional.empty(),
        Optional.empty());
  }
}
