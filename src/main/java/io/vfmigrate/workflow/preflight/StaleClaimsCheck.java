package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;
import io.vfmigrate.workflow.claims.Claim;
import io.vfmigrate.workflow.claims.ClaimLiveness;
import io.vfmigrate.workflow.claims.Claims;
import io.vfmigrate.workflow.claims.Holder;
import io.vfmigrate.workflow.claims.Liveness;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code stale-claims}: claims under /run/vfmigrate whose owner is gone. A stale VF claim keeps a
 * VF from every migration, a stale slot lowers the PF's cap, until {@code vfmigrate recover} clears
 * them. Live claims (runs in progress) are reported but are no problem; an unreadable claim file is
 * reported for a look by hand, never removed.
 */
final class StaleClaimsCheck implements HostCheck {
  static final String ID = "stale-claims";

  private final ClaimLiveness liveness;

  StaleClaimsCheck(ClaimLiveness liveness) {
    this.liveness = liveness;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding check(HostProbe probe) {
    List<Holder> holders = Claims.list(probe.host()).stream().map(liveness::judge).toList();
    List<Holder> stale = holders.stream().filter(Holder::stale).toList();
    List<Holder> unreadable = holders.stream().filter(h -> h.claim().owner().isEmpty()).toList();
    List<Holder> live =
        holders.stream().filter(h -> !h.stale() && h.claim().owner().isPresent()).toList();
    String liveText =
        live.isEmpty()
            ? ""
            : "; live: " + String.join("; ", live.stream().map(StaleClaimsCheck::line).toList());
    if (stale.isEmpty() && unreadable.isEmpty()) {
      return Finding.pass(
          ID,
          probe.name(),
          (holders.isEmpty() ? "no claims under " + Claims.ROOT : "no stale claims") + liveText);
    }
    List<String> problems = new ArrayList<>();
    if (!stale.isEmpty()) {
      problems.add(
          stale.size()
              + " stale claim"
              + (stale.size() == 1 ? "" : "s")
              + ": "
              + String.join("; ", stale.stream().map(StaleClaimsCheck::line).toList()));
    }
    if (!unreadable.isEmpty()) {
      problems.add(
          unreadable.size()
              + " unreadable claim"
              + (unreadable.size() == 1 ? "" : "s")
              + ": "
              + String.join(
                  "; ",
                  unreadable.stream()
                      .map(h -> h.claim().path() + " (" + h.claim().problem() + ")")
                      .toList()));
    }
    List<Holder> toFix = new ArrayList<>(stale);
    toFix.addAll(unreadable);
    return Finding.warn(
        ID, probe.name(), String.join("; ", problems) + liveText, Holder.fix(toFix));
  }

  /** {@code PATH (operation OP, machine M, pid P, since T)}. */
  private static String line(Holder h) {
    Claim c = h.claim();
    return c.path()
        + c.owner()
            .map(
                o ->
                    " (operation "
                        + o.operation()
                        + ", machine "
                        + o.machine()
                        + ", pid "
                        + o.pid()
                        + ", since "
                        + o.since()
                        + (h.liveness() == Liveness.UNKNOWN ? ", another machine" : "")
                        + ")")
            .orElse("");
  }
}
