package io.vfmigrate.workflow.migrate;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.host.Host;
import io.vfmigrate.model.Bandwidth;
import io.vfmigrate.model.ByteSize;
import io.vfmigrate.model.DomainXml;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.tools.devlink.Devlink;
import io.vfmigrate.tools.devlink.DevlinkPort;
import io.vfmigrate.tools.virsh.Virsh;
import io.vfmigrate.workflow.journal.Journal;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.journal.OperationRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Gathers what a {@link Prediction} needs, from what the guards read and a little more: RAM from
 * the domain XML; the dirty rate measured by libvirt ({@code virsh domdirtyrate-calc VM --seconds
 * 1}, then {@code virsh domstats VM --dirtyrate}; only for a dry run, as it takes a second); the
 * link's speed from the source PF's netdev ({@code /sys/class/net/NETDEV/speed}, Mb/s), else an
 * assumed 100 Gbit/s; the VFs' device state from this VM's last migration in the journal, else a
 * ConnectX-7 VF's published size; switchover-ack and multifd as they will be used.
 */
public final class Forecast {
  /** The link's bandwidth when the PF does not tell its speed: 100 Gbit/s. */
  public static final long ASSUMED_LINK_BYTES_PER_SECOND = 100_000_000_000L / 8;

  static final Duration DIRTY_RATE_PERIOD = Duration.ofSeconds(1);

  private Forecast() {}

  /** The sysfs file with a netdev's link speed in Mb/s. */
  static String speedPath(String netdev) {
    return "/sys/class/net/" + netdev + "/speed";
  }

  /** The source PF's netdev as devlink names its physical port. */
  static Optional<String> pfNetdev(Host host, PciAddress pf) {
    try {
      return new Devlink(host)
          .ports().stream()
              .filter(
                  p -> p.device().equals(pf) && DevlinkPort.FLAVOUR_PHYSICAL.equals(p.flavour()))
              .findFirst()
              .flatMap(DevlinkPort::netdev);
    } catch (VfmigrateException e) {
      return Optional.empty();
    }
  }

  static PredictedTimes predict(MigrationContext c, Journal journal, boolean measureDirtyRate) {
    MigrateRequest r = c.request;
    List<String> basis = new ArrayList<>();
    Fleet seen = c.verdict.seen().orElse(c.fleet);
    Host src = seen.get(r.source()).host();
    long ram = c.verdict.xml().flatMap(DomainXml::memory).map(ByteSize::bytes).orElse(0L);
    OptionalLong dirty = OptionalLong.empty();
    if (measureDirtyRate) {
      dirty = dirtyRate(c);
    }
    basis.add(
        dirty.isPresent()
            ? "dirty rate " + (dirty.getAsLong() >> 20) + " MiB/s measured"
            : "dirty rate not measured");
    long link = ASSUMED_LINK_BYTES_PER_SECOND;
    Optional<Long> speed = linkSpeed(src, c.source.pf());
    if (speed.isPresent()) {
      link = speed.get();
      basis.add("link " + Bandwidth.ofBytesPerSecond(link).linkSpeed() + " from the PF's speed");
    } else {
      basis.add("link assumed 100 Gbit/s");
    }
    int vfs = c.mapping.size();
    List<Prediction.Device> devices = new ArrayList<>();
    Optional<Long> last = lastDeviceState(journal, r.vm());
    for (int i = 0; i < vfs; i++) {
      devices.add(
          last.map(b -> Prediction.Device.measured(b / vfs)).orElse(Prediction.Device.connectX7()));
    }
    if (vfs > 0) {
      basis.add(
          last.isPresent()
              ? "device state from the last migration"
              : "device state of a ConnectX-7 VF (300 MB)");
    }
    List<Calibration.Past> past = pastBetween(journal, r.source(), r.destination());
    if (past.isEmpty()) {
      lastBetween(journal, r.vm(), r.source(), r.destination()).ifPresent(basis::add);
    }
    boolean ack = vfs > 0 && switchoverAckAvailable(seen, r);
    PredictedTimes model =
        Prediction.predict(
            new Prediction.Inputs(
                ram,
                dirty,
                link,
                devices,
                ack,
                c.parallel.channels(),
                c.parallel.deviceState(),
                SwitchoverPolicy.INITIAL.toMillis(),
                r.maxDowntime().toMillis()),
            String.join("; ", basis));
    return Calibration.apply(model, past, r.source() + " and " + r.destination());
  }

  /**
   * The last migrations between the two hosts (either way, any VM; most recent first) that the
   * journal has with the model's own prediction for them and their actual total time.
   */
  static List<Calibration.Past> pastBetween(Journal journal, String source, String destination) {
    List<Calibration.Past> past = new ArrayList<>();
    for (OperationRecord op : journal.operations(Optional.empty(), Optional.of(source), 50)) {
      if (past.size() == Calibration.RUNS) {
        break;
      }
      if (!migratedBetween(op, source, destination)) {
        continue;
      }
      long total = op.end().get().totalTimeMs().get();
      Optional<Long> downtime = op.end().get().downtimeMs();
      journal
          .prediction(op.id())
          .flatMap(io.vfmigrate.workflow.journal.PredictionRecord::model)
          .ifPresent(
              m -> past.add(new Calibration.Past(m.totalMs(), m.downtimeMs(), total, downtime)));
    }
    return past;
  }

  /** libvirt's measurement: start it, wait its period, read it. Empty when libvirt cannot. */
  private static OptionalLong dirtyRate(MigrationContext c) {
    try {
      c.sourceVirsh.dirtyRateCalc(c.vm(), DIRTY_RATE_PERIOD);
      c.source.host().clock().sleep(DIRTY_RATE_PERIOD.plusMillis(100));
      return c.sourceVirsh.dirtyRate(c.vm());
    } catch (VfmigrateException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * The migration link's bandwidth in bytes per second: the PF's link speed ({@code
   * /sys/class/net/NETDEV/speed}); empty when the host does not tell it.
   */
  public static Optional<Long> linkSpeed(Host host, PciAddress pf) {
    try {
      Optional<String> netdev = pfNetdev(host, pf);
      if (netdev.isEmpty()) {
        return Optional.empty();
      }
      long mbps = Long.parseLong(host.readFile(speedPath(netdev.get())).strip());
      // The kernel prints -1 for a link that is down or a speed it does not know.
      return mbps > 0 ? Optional.of(mbps * 125_000L) : Optional.empty();
    } catch (VfmigrateException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The device-state bytes of this VM's last completed migration, when the journal has one. */
  private static Optional<Long> lastDeviceState(Journal journal, String vm) {
    for (OperationRecord op : journal.operations(Optional.of(vm), Optional.empty(), 20)) {
      if (op.kind() == OperationKind.MIGRATE && op.end().isPresent()) {
        Optional<Long> bytes = op.end().get().deviceStateBytes().filter(b -> b > 0);
        if (bytes.isPresent()) {
          return bytes;
        }
      }
    }
    return Optional.empty();
  }

  /** A migration between the two hosts (either way) that completed, with its total time. */
  private static boolean migratedBetween(OperationRecord op, String source, String destination) {
    return op.kind() == OperationKind.MIGRATE
        && op.end().isPresent()
        && op.end().get().outcome().equals(MigrationOutcome.MIGRATED.word())
        && op.end().get().totalTimeMs().isPresent()
        && java.util.Set.copyOf(op.hosts()).equals(java.util.Set.of(source, destination));
  }

  /**
   * What this VM's last completed migration between the same two hosts (either way) took, as the
   * journal has it: what the model leaves out (a slow libvirt Prepare, a link slower than the PF's
   * speed) shows there, beside the prediction.
   */
  private static Optional<String> lastBetween(
      Journal journal, String vm, String source, String destination) {
    for (OperationRecord op : journal.operations(Optional.of(vm), Optional.empty(), 20)) {
      if (!migratedBetween(op, source, destination)) {
        continue;
      }
      return Optional.of(
          "the last migration between "
              + op.hosts().get(0)
              + " and "
              + op.hosts().get(1)
              + " took "
              + op.end().get().totalTimeMs().get()
              + " ms"
              + op.end().get().downtimeMs().map(d -> " (downtime " + d + " ms)").orElse(""));
    }
    return Optional.empty();
  }

  /** Both QEMUs know switchover-ack (8.1+): the source lists it, the destination's version. */
  private static boolean switchoverAckAvailable(Fleet seen, MigrateRequest r) {
    try {
      boolean source =
          new Virsh(seen.get(r.source()).host())
              .migrationCapabilities(r.vm())
              .supports("switchover-ack");
      boolean destination =
          Multifd.atLeast(new Virsh(seen.get(r.destination()).host()).version(), 8, 1);
      return source && destination;
    } catch (VfmigrateException e) {
      return false;
    }
  }
}
