package io.vfmigrate.tools.sysfs;

import io.vfmigrate.host.FileAccessException;

/**
 * Writing a non-zero {@code sriov_numvfs} while VFs are enabled: EBUSY ({@code Device or resource
 * busy}; the kernel logs {@code N VFs already enabled. Disable before enabling M VFs}).
 */
public final class SriovBusyException extends SysfsException {
  private static final long serialVersionUID = 1L;

  SriovBusyException(String host, String pf, int requested, FileAccessException cause) {
    super(
        "Cannot set "
            + requested
            + " VFs on "
            + pf
            + " ("
            + host
            + "): "
            + cause.reason()
            + "; VFs are already enabled.",
        "write 0 first: echo 0 > "
            + cause.path()
            + ", then the new count (this removes the VFs;"
            + " detach them from VMs before).",
        cause.path(),
        cause.reason(),
        cause);
  }
}
