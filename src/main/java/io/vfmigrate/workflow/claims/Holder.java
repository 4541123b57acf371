package io.vfmigrate.workflow.claims;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A claim together with whether its owner still runs. */
public record Holder(Claim claim, Liveness liveness) {
  public boolean stale() {
    return liveness == Liveness.STALE;
  }

  /**
   * For messages: {@code /run/vfmigrate/claims/X on dst: held by OP on M, pid P, since T (live)}.
   */
  public String describe() {
    return claim.describe() + " (" + liveness.word() + ")";
  }

  /**
   * What frees what these holders hold: {@code vfmigrate recover} for stale claims, waiting for
   * live ones, and a look by hand at unreadable ones.
   */
  public static String fix(List<Holder> holders) {
    List<String> parts = new ArrayList<>();
    if (holders.stream().anyMatch(Holder::stale)) {
      parts.add("vfmigrate recover (clears the stale claims of dead processes)");
    }
    Set<String> waits = new LinkedHashSet<>();
    for (Holder h : holders) {
      if (h.stale()) {
        continue;
      }
      Claim c = h.claim();
      if (c.owner().isEmpty()) {
        parts.add(
            "inspect "
                + c.path()
                + " on "
                + c.host()
                + " (cat it); remove it by hand only when no vfmigrate run holds it");
      } else if (h.liveness() == Liveness.UNKNOWN) {
        waits.add(
            c.owner().get().operation()
                + " on "
                + c.owner().get().machine()
                + " (if it is gone, run vfmigrate recover on "
                + c.owner().get().machine()
                + ")");
      } else {
        waits.add(c.owner().get().operation() + " (pid " + c.owner().get().pid() + ")");
      }
    }
    if (!waits.isEmpty()) {
      parts.add("wait for " + String.join(", ", waits) + " to finish");
    }
    return parts.isEmpty() ? "run it again" : String.join("; ", parts);
  }
}
