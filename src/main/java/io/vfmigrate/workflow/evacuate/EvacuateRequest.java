package io.vfmigrate.workflow.evacuate;

import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.Names;
import io.vfmigrate.workflow.claims.Claims;
import java.util.List;

/**
 * What the operator asked for: move every running VM off {@code source}, to {@code destinations}
 * (empty: every other host of the inventory), at most {@code maxParallel} migrations at once.
 */
public record EvacuateRequest(
    String source, List<String> destinations, int maxParallel, boolean dryRun, boolean verify) {
  /** The default and the most useful value of {@code --max-parallel}: the per-PF cap. */
  public static final int DEFAULT_MAX_PARALLEL = Claims.SLOTS_PER_PF;

  /** More migrations at once than this is a mistake, whatever the PFs. */
  public static final int MAX_PARALLEL = 64;

  public EvacuateRequest {
    Names.hostName(source);
    destinations = List.copyOf(destinations);
    destinations.forEach(Names::hostName);
    if (destinations.contains(source)) {
      throw new InvalidInputException(
          "--to " + source + " is the host being evacuated.", "name another host with --to");
    }
    if (maxParallel < 1 || maxParallel > MAX_PARALLEL) {
      throw new InvalidInputException(
          "--max-parallel must be 1 to " + MAX_PARALLEL + ".",
          "e.g. --max-parallel " + DEFAULT_MAX_PARALLEL);
    }
  }
}
