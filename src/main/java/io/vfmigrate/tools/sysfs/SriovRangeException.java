package io.vfmigrate.tools.sysfs;

import io.vfmigrate.host.FileAccessException;
import java.util.OptionalInt;

/**
 * Writing more VFs than {@code sriov_totalvfs} allows: ERANGE ({@code Numerical result out of
 * range}).
 */
public final class SriovRangeException extends SysfsException {
  private static final long serialVersionUID = 1L;

  SriovRangeException(
      String host, String pf, int requested, OptionalInt total, FileAccessException cause) {
    super(
        "Cannot set "
            + requested
            + " VFs on "
            + pf
            + " ("
            + host
            + "): "
            + cause.reason()
            + (total.isPresent() ? "; sriov_totalvfs is " + total.getAsInt() + "." : "."),
        "ask for at most sriov_totalvfs"
            + (total.isPresent() ? " (" + total.getAsInt() + ")" : "")
            + " VFs; to offer more, raise NUM_OF_VFS with mstconfig and reboot.",
        cause.path(),
        cause.reason(),
        cause);
  }
}
