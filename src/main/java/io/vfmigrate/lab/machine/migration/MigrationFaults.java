package io.vfmigrate.lab.machine.migration;

import io.vfmigrate.lab.machine.DomainLayout;
import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.JobSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.lab.tools.virsh.MigrationCommands;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Failures of a migration itself ({@code faults: - {migration_fault: KIND, vm: VM, ...}} on the
 * source host), each ending as real libvirt and QEMU end it:
 *
 * <ul>
 *   <li>{@code link_cut}: the migration network goes down; the job stalls (QEMU keeps status active
 *       with nothing moving) until it is aborted (captured: migrate-linkcut).
 *   <li>{@code destination_qemu_dies}: the source's stream breaks; the job fails with QEMU's socket
 *       error, the source runs on and the incoming domain is gone.
 *   <li>{@code source_libvirtd_restarts}: virsh loses its connection; the restarted libvirtd
 *       cancels the outgoing migration it finds (qemu_process.c qemuProcessRecoverMigrationOut) and
 *       the destination destroys the incoming domain with the client's connection.
 *   <li>{@code prepare_refused}: the destination refuses at Prepare (its VF is taken: libvirt's
 *       virhostdev.c "is in use by driver"), nothing starts.
 *   <li>{@code device_load_fails}: the destination QEMU cannot load the VF's device state at
 *       switchover and exits (migration/savevm.c "error while loading state section", "load of
 *       migration failed"); Finish fails and Confirm resumes the source.
 *   <li>{@code abort_fails}: the next {@code domjobabort} cannot get the job and the migration goes
 *       on: src/conf/virdomainjob.c virDomainObjBeginJobInternal gives up after VIR_JOB_WAIT_TIME
 *       (30 s) while the Perform call holds the job for a monitor command ("cannot acquire state
 *       change lock (held by monitor=%1$s)", VIR_ERR_OPERATION_TIMEOUT; v9.0.0 and v11.3.0).
 *       Killing the virsh that drives the migration does not end the job either ({@link
 *       MigrationRun#clientGone}): with the link cut it runs on until it is aborted.
 * </ul>
 *
 * A fault strikes at {@code at_percent} of RAM transferred (default 50), or at {@code
 * migration_phase} + {@code after_ms}. The texts of the restart and of the load failure are checked
 * against libvirt's and QEMU's source (see where they are made); the section id of the latter is
 * the lab's choice.
 */
public final class MigrationFaults {
  public static final String LINK_CUT = "link_cut";
  public static final String DESTINATION_QEMU_DIES = "destination_qemu_dies";
  public static final String SOURCE_LIBVIRTD_RESTARTS = "source_libvirtd_restarts";
  public static final String PREPARE_REFUSED = "prepare_refused";
  public static final String DEVICE_LOAD_FAILS = "device_load_fails";
  public static final String ABORT_FAILS = "abort_fails";

  /** Every kind, for validation and docs. */
  public static final Set<String> KINDS =
      Set.of(
          LINK_CUT,
          DESTINATION_QEMU_DIES,
          SOURCE_LIBVIRTD_RESTARTS,
          PREPARE_REFUSED,
          DEVICE_LOAD_FAILS,
          ABORT_FAILS);

  private static final int DEFAULT_PERCENT = 50;

  private MigrationFaults() {}

  /** Consumes one use of the first fault of {@code kind} for {@code vm} on {@code source}. */
  public static Optional<FaultSpec> take(HostSpec source, String vm, String kind) {
    if (source == null) {
      return Optional.empty();
    }
    Iterator<FaultSpec> it = source.faults.iterator();
    while (it.hasNext()) {
      FaultSpec fault = it.next();
      if (kind.equals(fault.migrationFault) && vm.equals(fault.vm)) {
        fault.times--;
        if (fault.times <= 0) {
          it.remove();
        }
        return Optional.of(fault);
      }
    }
    return Optional.empty();
  }

  /** The destination's Prepare refusal for a migration of {@code vm}, if one is injected. */
  public static Optional<String> prepareRefusal(HostSpec source, VmSpec vm, String destinationVf) {
    return take(source, vm.name, PREPARE_REFUSED)
        .map(
            f ->
                f.stderr != null && !f.stderr.isBlank()
                    ? f.stderr.strip().replaceFirst("^error: ", "")
                    : "Requested operation is not valid: PCI device "
                        + destinationVf
                        + " is in use by driver QEMU, domain "
                        + vm.name);
  }

  /** Strikes the faults that are due while QEMU transfers; true when the migration ended. */
  public static boolean duringTransfer(MigrationRun run, double progressPercent) {
    HostSpec source = run.sourceHost();
    if (source == null) {
      return false;
    }
    for (FaultSpec fault : java.util.List.copyOf(source.faults)) {
      if (fault.migrationFault == null
          || !run.spec().vm.equals(fault.vm)
          || !Set.of(LINK_CUT, DESTINATION_QEMU_DIES, SOURCE_LIBVIRTD_RESTARTS)
              .contains(fault.migrationFault)
          || !due(run, fault, progressPercent)) {
        continue;
      }
      take(source, fault.vm, fault.migrationFault);
      switch (fault.migrationFault) {
        case LINK_CUT -> run.labSpec().link.up = false;
        case DESTINATION_QEMU_DIES -> {
          run.peerReset();
          return true;
        }
        default -> {
          // libvirtd restarted: the job and its statistics are gone with it. virsh's close
          // callback (tools/virsh.c virshCatchDisconnect, VIR_CONNECT_CLOSE_REASON_EOF) prints
          // the first line, then the call fails with src/rpc/virnetsocket.c
          // virNetSocketReadWire's EOF error (EIO); libvirt's own QE expects both
          // (autotest/tp-libvirt migrate_service_control.cfg: restart_service_on_src
          // 'Disconnected .*', kill_libvirtd_on_src 'End of file while reading data:
          // Input/output error').
          run.fail(
              Optional.empty(),
              "error: Disconnected from "
                  + connectUri(run)
                  + " due to end of file\n"
                  + "error: End of file while reading data: Input/output error\n");
          run.sourceVm().ifPresent(vm -> vm.lastJob = null);
          return true;
        }
      }
    }
    return false;
  }

  private static boolean due(MigrationRun run, FaultSpec fault, double progressPercent) {
    if (fault.atPercent == null && fault.migrationPhase != null) {
      return fault.migrationPhase.equals(run.spec().phase)
          && run.spec().phaseElapsedMs >= fault.afterMs;
    }
    int percent = fault.atPercent == null ? DEFAULT_PERCENT : fault.atPercent;
    return MigrationRun.PERFORM.equals(run.spec().phase) && progressPercent >= percent;
  }

  /** At switchover: the destination cannot load the VF's state; true when the migration ended. */
  public static boolean atSwitchover(MigrationRun run) {
    Optional<FaultSpec> fault =
        run.spec().vfs.isEmpty()
            ? Optional.empty()
            : take(run.sourceHost(), run.spec().vm, DEVICE_LOAD_FAILS);
    if (fault.isEmpty()) {
      return false;
    }
    int bus =
        run.incomingVm()
            .flatMap(
                vm ->
                    vm.interfaces.stream()
                        .filter(DomainLayout::isHostdev)
                        .findFirst()
                        .map((InterfaceSpec i) -> DomainLayout.guestBus(vm, i)))
            .orElse(1);
    // QEMU 9.x: migration/savevm.c qemu_loadvm_section_part_end reports "error while loading
    // state section id %d(%s)" with the section's idstr, which for VFIO is the device's
    // hw/pci/pci.c pcibus_get_dev_path + "/vfio" (hw/vfio/migration.c vfio_migration_init):
    // "0000:00" then ":SS.F" for the pcie-root-port (libvirt's q35 layout: port N of bus N at
    // 00:02.(N-1), 8 per slot) and ":00.0" for the VF behind it; migration/migration.c
    // process_incoming_migration_co then reports "load of migration failed: %s" (strerror) and
    // exits. libvirt -msg timestamp=on prefixes each line with the time; libvirt's error is the
    // log's lines after "QEMU unexpectedly closed the monitor (vm='NAME'): "
    // (src/qemu/qemu_process.c qemuProcessReportLogError; as pasted from libvirt 9.x-11.x,
    // e.g. "Migration: [ 1.26 %]error: internal error: QEMU unexpectedly closed the monitor
    // (vm='guest-vm'): 2025-09-03T06:19:15.076547Z qemu-system-x86_64: ..."). The section id
    // (42) is the lab's choice: it depends on the devices registered before the VF.
    String stamp = timestamp(run);
    String qemu =
        String.format(
            Locale.ROOT,
            "%s qemu-kvm: error while loading state section id 42(0000:00:%02x.%x:00.0/vfio)\n"
                + "%s qemu-kvm: load of migration failed: Invalid argument",
            stamp,
            2 + (bus - 1) / 8,
            (bus - 1) % 8,
            stamp);
    String text =
        "internal error: QEMU unexpectedly closed the monitor (vm='"
            + run.spec().incoming
            + "'): "
            + qemu;
    JobSpec job = run.endedJob("Failed", "failed", text);
    run.fail(Optional.of(job), "error: " + text + "\n");
    return true;
  }

  /** The URI virsh is connected to: its {@code -c}/{@code --connect}, else the default. */
  private static String connectUri(MigrationRun run) {
    java.util.List<String> argv = run.spec().argv;
    for (int i = 0; i + 1 < argv.size(); i++) {
      if (argv.get(i).equals("-c") || argv.get(i).equals("--connect")) {
        return argv.get(i + 1);
      }
    }
    return "qemu:///system";
  }

  /** QEMU's {@code -msg timestamp=on} prefix for the lab's current virtual time. */
  private static String timestamp(MigrationRun run) {
    java.time.Instant now = io.vfmigrate.lab.VirtualClock.EPOCH.plusMillis(run.labSpec().clockMs);
    return java.time.format.DateTimeFormatter.ofPattern(
            "yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT)
        .withZone(java.time.ZoneOffset.UTC)
        .format(now);
  }

  /** The refusal of a {@code domjobabort} of {@code vm}, if one is injected. */
  public static Optional<String> abortRefusal(HostSpec source, String vm) {
    return take(source, vm, ABORT_FAILS)
        .map(f -> MigrationCommands.JOB_LOCKED + "remoteDispatchDomainMigratePerform3Params)");
  }
}
