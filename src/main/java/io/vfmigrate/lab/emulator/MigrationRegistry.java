package io.vfmigrate.lab.emulator;

import io.vfmigrate.lab.state.LabSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The migrations running in a lab, and each QEMU monitor's message counter. Kept in memory on the
 * lab ({@link LabSpec#processes}), never persisted: one CLI run drives a whole migration.
 */
final class MigrationRegistry {
  private static final String KEY = "migration";

  /** libvirt has sent a few hundred QMP commands to a guest's QEMU by the time anyone asks. */
  private static final long FIRST_QMP_SERIAL = 400;

  private final List<MigrationProcess> running = new ArrayList<>();
  private final Map<String, Long> qmpSerials = new HashMap<>();

  private MigrationRegistry() {}

  static MigrationRegistry of(LabSpec lab) {
    return (MigrationRegistry) lab.processes.computeIfAbsent(KEY, k -> new MigrationRegistry());
  }

  void add(MigrationProcess process) {
    running.add(process);
  }

  void remove(MigrationProcess process) {
    running.remove(process);
  }

  /** The migration of {@code vm} out of {@code host}, while its job runs. */
  Optional<MigrationProcess> outgoing(String host, String vm) {
    return running.stream()
        .filter(p -> p.sourceHost().equals(host) && p.vmName().equals(vm))
        .findFirst();
  }

  /** The migration of {@code vm} into {@code host}, while its job runs. */
  Optional<MigrationProcess> incoming(String host, String vm) {
    return running.stream()
        .filter(p -> p.destinationHost().equals(host) && p.incomingName().equals(vm))
        .findFirst();
  }

  /** The id libvirt gives its next QMP command to this guest's QEMU: {@code libvirt-N}. */
  String nextQmpId(String host, String vmUuid) {
    long serial = qmpSerials.merge(host + "/" + vmUuid, FIRST_QMP_SERIAL, (a, b) -> a + 1);
    return "libvirt-" + serial;
  }
}
