package io.vfmigrate.lab;

import io.vfmigrate.model.VfmigrateException;

/**
 * The lab's own files under {@code $VFMIGRATE_HOME/lab} cannot be read, written or locked: a
 * problem of the machine (permissions, a full disk), not of the user's input. Not a usage error:
 * after a run, the hosts' changes may not have been kept, and a person has to look.
 */
public final class LabStorageException extends VfmigrateException {
  private static final long serialVersionUID = 1L;

  public LabStorageException(String message, String fix, Throwable cause) {
    super(message, fix, cause);
  }
}
