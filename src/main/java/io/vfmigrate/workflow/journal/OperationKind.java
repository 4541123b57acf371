package io.vfmigrate.workflow.journal;

import java.util.Locale;

/** The commands that change hosts and are journaled. */
public enum OperationKind {
  PREPARE,
  TEARDOWN,
  ATTACH,
  MIGRATE,
  RECOVER,
  /** Moves every running VM off a host; each VM's migration is a child MIGRATE operation. */
  EVACUATE;

  /** The name as the CLI and JSON show it: the command's name. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static OperationKind ofLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
