package io.vfmigrate.workflow;

import io.vfmigrate.host.FileAccessException;
import io.vfmigrate.host.Host;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.PciAddress;
import java.util.HashSet;
import java.util.Set;

/**
 * Claims on a host's VFs while a migration towards it runs, so that two vfmigrate runs never pick
 * the same destination VF. A claim is a file under {@code /run/vfmigrate/claims} named after the
 * VF, created atomically; {@code /run} is cleared by a reboot, so a claim never outlives the host's
 * VF state.
 */
public final class VfClaims {
  public static final String DIR = "/run/vfmigrate/claims";

  private VfClaims() {}

  /** The VFs claimed on the host right now. */
  public static Set<PciAddress> held(Host host) {
    Set<PciAddress> out = new HashSet<>();
    try {
      for (String name : host.listDirectory(DIR)) {
        try {
          out.add(PciAddress.parse(name));
        } catch (InvalidInputException e) {
          // Not a claim of ours; leave it alone.
        }
      }
    } catch (FileAccessException e) {
      if (!e.isNoSuchFile()) {
        throw e;
      }
    }
    return out;
  }

  /** Takes the claim; false when another run holds it. */
  public static boolean claim(Host host, PciAddress vf, String owner) {
    return host.createExclusive(DIR + "/" + vf, owner + "\n");
  }

  public static void release(Host host, PciAddress vf) {
    host.deleteFile(DIR + "/" + vf);
  }
}
