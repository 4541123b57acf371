package io.vfmigrate.workflow.claims;

import java.util.List;
import java.util.stream.Collectors;

/** The result of {@link Claims#acquire}: every claim asked for, or none and why. */
public sealed interface Acquisition {
  /** Every claim was taken; hand it to {@link Claims#release} when done. */
  record Acquired(ClaimOwner owner, List<HeldClaim> claims) implements Acquisition {
    public Acquired {
      claims = List.copyOf(claims);
    }
  }

  /**
   * {@code request} could not be taken: {@code holders} hold it (for a slot: all the PF's slots).
   * The claims this call had taken before were released; {@code releaseProblems} lists any that
   * could not be.
   */
  record Refused(ClaimRequest request, List<Holder> holders, List<String> releaseProblems)
      implements Acquisition {
    public Refused {
      holders = List.copyOf(holders);
      releaseProblems = List.copyOf(releaseProblems);
    }

    public boolean anyStale() {
      return holders.stream().anyMatch(Holder::stale);
    }

    /** Which claim, held by whom. */
    public String reason() {
      String who =
          holders.isEmpty()
              ? "another run took it a moment ago and has let it go since"
              : holders.stream().map(Holder::describe).collect(Collectors.joining("; "));
      String what =
          switch (request.kind()) {
            case VF -> "VF " + request.target() + " on " + request.host() + " is claimed: ";
            case SLOT ->
                "all "
                    + Claims.SLOTS_PER_PF
                    + " migration slots of PF "
                    + request.target()
                    + " on "
                    + request.host()
                    + " are taken (at most "
                    + Claims.SLOTS_PER_PF
                    + " VFs of one PF may migrate at once): ";
            case MAC ->
                "MAC "
                    + request.target().replace('-', ':')
                    + " is reserved on "
                    + request.host()
                    + ": ";
          };
      String left =
          releaseProblems.isEmpty() ? "" : "; also: " + String.join("; ", releaseProblems);
      return what + who + left;
    }

    /** What frees it: {@code vfmigrate recover} for stale holders, waiting for live ones. */
    public String fix() {
      return Holder.fix(holders);
    }
  }
}
