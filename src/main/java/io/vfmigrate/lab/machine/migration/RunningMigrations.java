package io.vfmigrate.lab.machine.migration;

import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.lab.state.MigrationSpec;
import io.vfmigrate.lab.state.OwnerSpec;
import io.vfmigrate.lab.state.VmSpec;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The emulated migrations of a lab, as its persisted state holds them ({@link LabSpec#migrations}):
 * advanced by the clock, found by the commands that ask about them, and settled when the vfmigrate
 * process that drives one is gone.
 */
public final class RunningMigrations {
  /** libvirt has sent a few hundred QMP commands to a guest's QEMU by the time anyone asks. */
  private static final long FIRST_QMP_SERIAL = 400;

  private RunningMigrations() {}

  /**
   * Advances every migration by {@code ms} of virtual time. {@code killClient} is called when a
   * {@code kill_client} fault on a migration phase fires.
   */
  public static void tick(LabSpec lab, long ms, Consumer<MigrationSpec> killClient) {
    // Migrations that move data at once share the lab's one link evenly.
    int moving =
        (int) lab.migrations.stream().filter(m -> MigrationModel.movesData(m.model)).count();
    for (MigrationSpec migration : List.copyOf(lab.migrations)) {
      if (lab.migrations.contains(migration)) {
        MigrationModel.shareLink(migration.model, moving);
        new MigrationRun(lab, migration).tick(ms, killClient);
      }
    }
  }

  /**
   * True while a {@code kill_client} fault waits for a phase of a running migration: the clock then
   * advances in 1 ms steps, so that the kill lands at its instant.
   */
  public static boolean watchedByFaults(LabSpec lab) {
    for (MigrationSpec migration : lab.migrations) {
      if (migration.result != null) {
        continue;
      }
      HostSpec source = lab.hosts.get(migration.source);
      if (source == null) {
        continue;
      }
      for (FaultSpec fault : source.faults) {
        if (fault.killClient && fault.migrationPhase != null && migration.vm.equals(fault.vm)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Settles the migrations whose vfmigrate process is gone, as libvirt settles a migration whose
   * client disconnected ({@link MigrationRun#clientGone}); ended ones nobody will read are dropped.
   */
  public static void settleOrphans(LabSpec lab, Predicate<OwnerSpec> alive) {
    for (MigrationSpec migration : List.copyOf(lab.migrations)) {
      if (migration.owner == null || alive.test(migration.owner)) {
        continue;
      }
      if (migration.result != null) {
        lab.migrations.remove(migration);
      } else {
        clientGone(lab, migration);
      }
    }
  }

  /** The client that drives {@code migration} is gone (killed). */
  public static void clientGone(LabSpec lab, MigrationSpec migration) {
    new MigrationRun(lab, migration).clientGone();
  }

  public static Optional<MigrationSpec> byId(LabSpec lab, String id) {
    return lab.migrations.stream().filter(m -> m.id.equals(id)).findFirst();
  }

  /** The migration of {@code vm} out of {@code host}, while the source's job runs. */
  public static Optional<MigrationSpec> outgoing(LabSpec lab, String host, String vm) {
    return lab.migrations.stream()
        .filter(m -> m.result == null && m.source.equals(host) && m.vm.equals(vm))
        .findFirst();
  }

  /**
   * The migration of {@code vm} into {@code host}, while the destination's job runs (until its
   * Finish phase ends).
   */
  public static Optional<MigrationSpec> incoming(LabSpec lab, String host, String vm) {
    return lab.migrations.stream()
        .filter(
            m ->
                m.result == null
                    && !MigrationRun.CONFIRM.equals(m.phase)
                    && m.destination.equals(host)
                    && m.incoming.equals(vm))
        .findFirst();
  }

  /** The id libvirt gives its next QMP command to this domain's QEMU: {@code libvirt-N}. */
  public static String nextQmpId(VmSpec vm) {
    vm.qmpSerial = vm.qmpSerial == null ? FIRST_QMP_SERIAL : vm.qmpSerial + 1;
    return "libvirt-" + vm.qmpSerial;
  }
}
