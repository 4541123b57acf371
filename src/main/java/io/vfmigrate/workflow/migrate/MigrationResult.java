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
 * deviceStateBytes} when VFs moved but QEMU reported no device state, {@code ramBytes} and {@code
 * iterations} when QEMU reported no RAM progress (a job that ended before its first report), {@code
 * libvirtReportedBytes} when libvirt's completed job statistics were not read (a migration that did
 * not complete, or whose statistics could not be read). {@code unknownWhy} says why a figure of a
 * migration that ran is unknown.
 *
 * <p>Made with {@link #builder}, which names each figure it sets.
 */
public record MigrationResult(
    String vm,
    MigrationOutcome outcome,
    String source,
    String destination,
    long totalTimeMs,
    Optional<Long> downtimeMs,
    Optional<Long> ramBytes,
    Optional<Long> deviceStateBytes,
    Optional<Long> iterations,
    Optional<Long> libvirtReportedBytes,
    Optional<Boolean> verified,
    List<Refusal> refusals,
    Map<PciAddress, PciAddress> vfMapping,
    List<String> commands,
    String rewrittenXml,
    Optional<String> error,
    Optional<VerifyReport> verification,
    Optional<String> unknownWhy,
    MigrationTuning tuning) {
  public MigrationResult {
    refusals = List.copyOf(refusals);
    vfMapping = Map.copyOf(vfMapping);
    commands = List.copyOf(commands);
  }

  /**
   * A result of {@code outcome} for what was {@code asked} (its VM, source and destination). What
   * the builder is not told stays as a migration that never started has it: no time, no bytes, no
   * statistics, no refusal, no VF, no command, no XML, no error, no verification, no tuning.
   */
  public static Builder builder(MigrateRequest asked, MigrationOutcome outcome) {
    return new Builder(asked.vm(), outcome, asked.source(), asked.destination());
  }

  /** Names each figure of a {@link MigrationResult}. */
  public static final class Builder {
    private final String vm;
    private final MigrationOutcome outcome;
    private final String source;
    private final String destination;
    private long totalTimeMs;
    private Optional<Long> downtimeMs = Optional.empty();
    private Optional<Long> ramBytes = Optional.empty();
    private Optional<Long> deviceStateBytes = Optional.empty();
    private Optional<Long> iterations = Optional.empty();
    private Optional<Long> libvirtReportedBytes = Optional.empty();
    private Optional<Boolean> verified = Optional.empty();
    private List<Refusal> refusals = List.of();
    private Map<PciAddress, PciAddress> vfMapping = Map.of();
    private List<String> commands = List.of();
    private String rewrittenXml = "";
    private Optional<String> error = Optional.empty();
    private Optional<VerifyReport> verification = Optional.empty();
    private Optional<String> unknownWhy = Optional.empty();
    private MigrationTuning tuning = MigrationTuning.NONE;

    private Builder(String vm, MigrationOutcome outcome, String source, String destination) {
      this.vm = vm;
      this.outcome = outcome;
      this.source = source;
      this.destination = destination;
    }

    public Builder totalTimeMs(long totalTimeMs) {
      this.totalTimeMs = totalTimeMs;
      return this;
    }

    public Builder downtimeMs(Optional<Long> downtimeMs) {
      this.downtimeMs = downtimeMs;
      return this;
    }

    public Builder ramBytes(long ramBytes) {
      return ramBytes(Optional.of(ramBytes));
    }

    public Builder ramBytes(Optional<Long> ramBytes) {
      this.ramBytes = ramBytes;
      return this;
    }

    public Builder deviceStateBytes(Optional<Long> deviceStateBytes) {
      this.deviceStateBytes = deviceStateBytes;
      return this;
    }

    public Builder iterations(long iterations) {
      return iterations(Optional.of(iterations));
    }

    public Builder iterations(Optional<Long> iterations) {
      this.iterations = iterations;
      return this;
    }

    public Builder libvirtReportedBytes(long libvirtReportedBytes) {
      return libvirtReportedBytes(Optional.of(libvirtReportedBytes));
    }

    public Builder libvirtReportedBytes(Optional<Long> libvirtReportedBytes) {
      this.libvirtReportedBytes = libvirtReportedBytes;
      return this;
    }

    public Builder verified(Optional<Boolean> verified) {
      this.verified = verified;
      return this;
    }

    public Builder refusals(List<Refusal> refusals) {
      this.refusals = refusals;
      return this;
    }

    public Builder vfMapping(Map<PciAddress, PciAddress> vfMapping) {
      this.vfMapping = vfMapping;
      return this;
    }

    public Builder commands(List<String> commands) {
      this.commands = commands;
      return this;
    }

    public Builder rewrittenXml(String rewrittenXml) {
      this.rewrittenXml = rewrittenXml;
      return this;
    }

    public Builder error(Optional<String> error) {
      this.error = error;
      return this;
    }

    public Builder verification(Optional<VerifyReport> verification) {
      this.verification = verification;
      return this;
    }

    public Builder unknownWhy(Optional<String> unknownWhy) {
      this.unknownWhy = unknownWhy;
      return this;
    }

    public Builder tuning(MigrationTuning tuning) {
      this.tuning = tuning;
      return this;
    }

    public MigrationResult build() {
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
          tuning);
    }
  }
}
