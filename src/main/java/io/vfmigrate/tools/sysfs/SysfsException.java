package io.vfmigrate.tools.sysfs;

import io.vfmigrate.model.VfmigrateException;

/** Reading or writing a sysfs attribute failed; carries the kernel's own reason (strerror). */
public class SysfsException extends VfmigrateException {
  private static final long serialVersionUID = 1L;
  private final String path;
  private final String reason;

  public SysfsException(String message, String fix, String path, String reason, Throwable cause) {
    super(message, fix, cause);
    this.path = path;
    this.reason = reason;
  }

  public String path() {
    return path;
  }

  /** The kernel's words, e.g. {@code Device or resource busy}. */
  public String reason() {
    return reason;
  }
}
