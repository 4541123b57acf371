package io.vfmigrate.testing;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.lab.state.VfSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.workflow.attach.Attach;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.migrate.Cancellation;
import io.vfmigrate.workflow.migrate.Migrate;
import io.vfmigrate.workflow.migrate.MigrateRequest;
import io.vfmigrate.workflow.migrate.MigrationResult;
import io.vfmigrate.workflow.prepare.Prepare;
import io.vfmigrate.workflow.prepare.PrepareOptions;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * What migrate tests start from: the built-in lab prepared with a VF attached to vm1 on src, the
 * request that moves vm1 from src to dst, and the migration run on that lab.
 */
public final class MigrationFixture {
  private MigrationFixture() {}

  /**
   * The built-in lab changed by {@code scenario}, then prepared on src (and on dst when {@code
   * prepareDst}) with {@code vfs} VFs (empty: prepare's own number), nothing attached.
   */
  public static Lab prepared(Consumer<LabSpec> scenario, OptionalInt vfs, boolean prepareDst) {
    Lab lab = TestLab.with(scenario);
    Fleet fleet = TestLab.fleet(lab, EventSink.none());
    PrepareOptions options = new PrepareOptions("br-vf", vfs);
    new Prepare(EventSink.none()).run(fleet.get("src"), options, false);
    if (prepareDst) {
      new Prepare(EventSink.none()).run(fleet.get("dst"), options, false);
    }
    return lab;
  }

  /** Attaches {@code count} VFs, one after the other, to {@code vm} on src. */
  public static void attach(Lab lab, String vm, int count) {
    Fleet fleet = TestLab.fleet(lab, EventSink.none());
    for (int i = 0; i < count; i++) {
      new Attach(fleet, EventSink.none()).run(vm, "src", Optional.empty(), Optional.empty(), false);
    }
  }

  /**
   * The lab after {@code scenario}, prepare (dst only if asked) and attach of a VF to vm1 on src.
   */
  public static Lab ready(Consumer<LabSpec> scenario, boolean prepareDst) {
    Lab lab = prepared(scenario, OptionalInt.empty(), prepareDst);
    attach(lab, "vm1", 1);
    return lab;
  }

  /** The lab after {@code scenario}, prepare on both hosts and attach of a VF to vm1 on src. */
  public static Lab ready(Consumer<LabSpec> scenario) {
    return ready(scenario, true);
  }

  /** The built-in lab after prepare on both hosts and attach of a VF to vm1 on src. */
  public static Lab ready() {
    return ready(spec -> {}, true);
  }

  /**
   * vm1 from src to dst, as {@code migrate vm1 --from src --to dst} asks it; change what differs.
   */
  public static MigrateRequest.Builder asking() {
    return MigrateRequest.builder("vm1", "src", "dst");
  }

  /** vm1 from src to dst with no other option. */
  public static MigrateRequest request() {
    return asking().build();
  }

  /** Runs {@code request} on the lab, telling {@code events} what happens. */
  public static MigrationResult migrate(Lab lab, MigrateRequest request, EventSink events) {
    return new Migrate(TestLab.fleet(lab, events), events, new Cancellation()).run(request);
  }

  /** Runs {@code request} on the lab, telling no one. */
  public static MigrationResult migrate(Lab lab, MigrateRequest request) {
    return migrate(lab, request, EventSink.none());
  }

  /** vm1 as {@code host} has it, or null where it is not defined. */
  public static VmSpec vm(Lab lab, String host) {
    return lab.hostSpec(host).vms.stream()
        .filter(v -> v.name.equals("vm1"))
        .findFirst()
        .orElse(null);
  }

  /** The VM's VF interface. */
  public static InterfaceSpec hostdev(VmSpec vm) {
    return vm.interfaces.stream().filter(i -> "hostdev".equals(i.type)).findFirst().orElseThrow();
  }

  /** The VF at {@code pci} of the first NIC of {@code host}. */
  public static VfSpec vf(Lab lab, String host, String pci) {
    return lab.hostSpec(host).nics.get(0).vfs.stream()
        .filter(v -> v.pci.equals(pci))
        .findFirst()
        .orElseThrow();
  }

  /**
   * The lab's whole state as a refusal must leave it: everything but libvirt's QMP command counter
   * ({@code qmp_serial}), which any query of QEMU advances (a refused migrate may have asked QEMU
   * for its migration capabilities before a guard refused).
   */
  public static String unchanged(io.vfmigrate.lab.state.LabSpec spec) {
    io.vfmigrate.lab.state.LabSpec copy =
        io.vfmigrate.lab.LabStore.parse(io.vfmigrate.lab.LabStore.toYaml(spec), "copy");
    copy.hosts.values().forEach(h -> h.vms.forEach(v -> v.qmpSerial = null));
    return io.vfmigrate.lab.LabStore.toYaml(copy);
  }
}
