package io.vfmigrate.host;

import io.vfmigrate.model.VfmigrateException;

/** A host could not run a command at all (unreachable, timed out, interrupted). */
public class HostException extends VfmigrateException {
  private static final long serialVersionUID = 1L;

  public HostException(String message, String fix) {
    super(message, fix);
  }

  public HostException(String message, String fix, Throwable cause) {
    super(message, fix, cause);
  }
}
