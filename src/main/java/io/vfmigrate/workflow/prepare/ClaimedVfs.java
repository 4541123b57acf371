package io.vfmigrate.workflow.prepare;

import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.model.NotReadyException;
import io.vfmigrate.workflow.claims.ClaimKind;
import io.vfmigrate.workflow.claims.ClaimLiveness;
import io.vfmigrate.workflow.claims.Claims;
import io.vfmigrate.workflow.claims.Holder;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The VFs of a host that a run has claimed (a migration moving a VM onto them): removing one would
 * pull it from under that run, and a stale claim names the run that died holding it.
 */
final class ClaimedVfs {
  private ClaimedVfs() {}

  /** Refuses when a VF of {@code state} is claimed; {@code what} says what would remove it. */
  static void refuse(
      ManagedHost managed, HostState state, ClaimLiveness liveness, String what, String otherwise) {
    Set<String> vfs = state.vfs().stream().map(v -> v.pci().toString()).collect(Collectors.toSet());
    List<Holder> holders =
        Claims.list(managed.host(), ClaimKind.VF).stream()
            .filter(c -> vfs.contains(c.key()))
            .map(liveness::judge)
            .toList();
    if (holders.isEmpty()) {
      return;
    }
    throw new NotReadyException(
        what
            + " would remove "
            + (holders.size() == 1 ? "VF " : "VFs ")
            + String.join(", ", holders.stream().map(h -> h.claim().key()).toList())
            + " of "
            + managed.name()
            + ", claimed by another run: "
            + String.join("; ", holders.stream().map(Holder::describe).toList())
            + ".",
        Holder.fix(holders) + "; " + otherwise);
  }
}
