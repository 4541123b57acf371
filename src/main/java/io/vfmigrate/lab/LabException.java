package io.vfmigrate.lab;

import io.vfmigrate.model.VfmigrateException;

/** The lab cannot do what was asked (no lab yet, a bad description, a refused reboot). */
public final class LabException extends VfmigrateException {
  private static final long serialVersionUID = 1L;

  public LabException(String message, String fix) {
    super(message, fix);
  }

  public LabException(String message, String fix, Throwable cause) {
    super(message, fix, cause);
  }
}
