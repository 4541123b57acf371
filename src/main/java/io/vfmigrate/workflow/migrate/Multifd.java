package io.vfmigrate.workflow.migrate;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.tools.virsh.MigrationCapabilities;
import io.vfmigrate.tools.virsh.Virsh;
import io.vfmigrate.tools.virsh.VirshVersion;
import io.vfmigrate.workflow.SnapshotHost;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Whether a migration uses multifd ({@code virsh migrate --parallel --parallel-connections N}) and
 * with how many channels, decided by what the hosts report:
 *
 * <ul>
 *   <li>the source's QEMU lists the {@code multifd} capability ({@code
 *       query-migrate-capabilities}), and the destination's QEMU is at least 4.0 (where {@code
 *       multifd} lost its {@code x-} prefix);
 *   <li>with VFs, the source's {@code vfio-pci} has {@code x-migration-multifd-transfer} ({@code
 *       device-list-properties}; QEMU 10.0 sends the VF's device state over multifd with it, and a
 *       build may leave it out) and the destination's QEMU is at least 10.0. Without it the VF's
 *       state stays on the main channel and multifd still carries RAM.
 * </ul>
 *
 * <p>Channel counts: {@value #CHANNELS} without a VF (QEMU's migration docs: the default is 2, "but
 * 8 usually provides best performance"), and {@value #CHANNELS_WITH_VF} with VFs too. One channel
 * is one CPU-bound thread that moves about 12.5 Gbit/s (oVirt's parallel migration connections:
 * "8-16 connections can saturate 100 Gbps"), so fewer than 8 leave a 100 Gbit/s link partly idle
 * for the whole first pass; Szmigiero's QEMU 10.0 measurements with 4 VFs show the downtime barely
 * moves between 6 channels (1095 ms) and 8 (1104 ms) and grows only beyond (15: 1125 ms; "not
 * having too many RAM transfer multifd channels is key to having a good downtime"). With 6 channels
 * the lab's 8 GiB, 100 Gbit/s scenario spent 237 ms more in its first pass than with 8.
 */
final class Multifd {
  static final int CHANNELS = 8;
  static final int CHANNELS_WITH_VF = 8;

  /** The VFIO device property of QEMU 10.0's multifd device-state transfer. */
  static final String VFIO_MULTIFD_PROPERTY = "x-migration-multifd-transfer";

  private Multifd() {}

  /** What the operator asked: automatic, off, or a channel count. */
  record Mode(boolean off, Optional<Integer> connections) {
    static final Mode AUTO = new Mode(false, Optional.empty());
  }

  /**
   * The decision: {@code channels} 0 means one main channel, no multifd; {@code deviceState} is
   * true when the VFs' state travels over the channels too; {@code why} says what decided it.
   */
  record Choice(int channels, boolean deviceState, String why) {
    static Choice none(String why) {
      return new Choice(0, false, why);
    }
  }

  static Choice decide(
      Mode mode,
      Optional<MigrationCapabilities> sourceCaps,
      List<String> sourceVfioProperties,
      Optional<VirshVersion> destination,
      boolean withVf) {
    boolean vfioMultifd =
        withVf
            && sourceVfioProperties.contains(VFIO_MULTIFD_PROPERTY)
            && destination.map(v -> atLeast(v, 10, 0)).orElse(false);
    if (mode.off()) {
      return Choice.none("--no-parallel");
    }
    if (mode.connections().isPresent()) {
      return new Choice(mode.connections().get(), vfioMultifd, "--parallel-connections");
    }
    if (sourceCaps.map(c -> !c.supports("multifd")).orElse(true)) {
      return Choice.none("the source's QEMU does not report the multifd capability");
    }
    if (destination.map(v -> !atLeast(v, 4, 0)).orElse(true)) {
      return Choice.none("the destination's QEMU is older than 4.0 (no multifd)");
    }
    int channels = withVf ? CHANNELS_WITH_VF : CHANNELS;
    return new Choice(
        channels,
        vfioMultifd,
        vfioMultifd || !withVf
            ? "both QEMUs support multifd" + (withVf ? ", the VF's state included (QEMU 10.0)" : "")
            : "both QEMUs support multifd for RAM; the VF's state stays on the main channel"
                + " (no "
                + VFIO_MULTIFD_PROPERTY
                + " on both sides)");
  }

  /** The choice for {@code r} from what the guards' snapshot of both hosts reported. */
  static Choice from(MigrateRequest r, MigrationGuards.Verdict verdict) {
    boolean withVf = !verdict.sourceVfs().isEmpty();
    Optional<Fleet> seen = verdict.seen();
    // Both QMP queries in one batch (one exec), then answered from the snapshot.
    seen.ifPresent(
        f -> SnapshotHost.of(f.get(r.source())).prefetch(GuardReads.qemuQueries(r.vm())));
    Optional<MigrationCapabilities> caps =
        seen.flatMap(f -> quietly(() -> virsh(f, r.source()).migrationCapabilities(r.vm())));
    List<String> properties =
        withVf
            ? seen.flatMap(f -> quietly(() -> virsh(f, r.source()).vfioPciProperties(r.vm())))
                .orElse(List.of())
            : List.of();
    Optional<VirshVersion> destination =
        seen.flatMap(f -> quietly(() -> virsh(f, r.destination()).version()));
    return decide(
        new Mode(r.noParallel(), r.parallelConnections()), caps, properties, destination, withVf);
  }

  private static Virsh virsh(Fleet fleet, String host) {
    return new Virsh(fleet.get(host).host());
  }

  /** What a read gave; empty when the tool failed (the host cannot say: no multifd by default). */
  private static <T> Optional<T> quietly(Supplier<T> read) {
    try {
      return Optional.ofNullable(read.get());
    } catch (VfmigrateException e) {
      return Optional.empty();
    }
  }

  /** True when the QEMU that {@code virsh version} reports is at least {@code major.minor}. */
  static boolean atLeast(VirshVersion v, int major, int minor) {
    Optional<String> qemu = v.qemuVersion();
    if (qemu.isEmpty()) {
      return false;
    }
    String[] parts = qemu.get().split("\\.");
    try {
      int maj = Integer.parseInt(parts[0]);
      int min = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      return maj > major || (maj == major && min >= minor);
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
