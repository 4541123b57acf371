package io.vfmigrate.lab;

import io.vfmigrate.lab.state.OwnerSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code kill_client} killer for tests: instead of ending the process, it records each kill, the
 * thread it hit, whether that thread was still in its operation, and the faults a real halt would
 * leave on {@code src}'s disk then.
 */
final class KillWitness implements Lab.ClientKiller {
  final List<String> kills = new ArrayList<>();
  final LabStore store;
  final Lab lab;

  KillWitness(LabStore store) {
    this.store = store;
    this.lab = Lab.open(store, this);
  }

  @Override
  public synchronized void killSelf() {
    kills.add(
        Thread.currentThread().getName()
            + (lab.inOperation() ? " in its operation" : " after its operation")
            + ", faults left on disk: "
            + store.load().hosts.get("src").faults.stream().map(f -> f.command).toList());
  }

  @Override
  public void kill(OwnerSpec other) {
    throw new AssertionError("no other process runs here");
  }
}
