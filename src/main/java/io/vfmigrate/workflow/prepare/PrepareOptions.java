package io.vfmigrate.workflow.prepare;

import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.Names;
import java.util.OptionalInt;

/** What the operator asked of {@code prepare}: the bridge and, optionally, a VF count. */
public record PrepareOptions(String bridge, OptionalInt vfs) {
  public PrepareOptions {
    Names.bridgeName(bridge);
    if (vfs.isPresent() && vfs.getAsInt() < 1) {
      throw new InvalidInputException(
          "--vfs must be at least 1, not " + vfs.getAsInt() + ".",
          "give the number of VFs to create, e.g. --vfs 1 (teardown removes them all).");
    }
  }
}
