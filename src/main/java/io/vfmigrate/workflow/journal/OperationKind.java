package io.vfmigrate.workflow.journal;

import java.util.Locale;

/** The commands that change hosts and are journaled. */
public enum OperationKind {
  PREPARE,
  TEARDOWN,
  ATTACH,
  MIGRATE,
  RECOVER;

  /** The name as the CLI and JSON show it: the command's name. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static OperationKind ofLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
