package io.vfmigrate.workflow.claims;

import java.util.Locale;
import java.util.Optional;

/**
 * What a claim reserves. The order of the constants is part of the fixed global order in which one
 * operation takes its claims (host name, then kind, then key).
 */
public enum ClaimKind {
  /** A destination VF a migration moves a VM's VF to: {@code claims/<VF PCI>}. */
  VF("claims"),
  /** One of the 4 migration slots of a PF: {@code slots/<PF PCI>/slot-N}. */
  SLOT("slots"),
  /** A MAC address an attach is about to give a VM: {@code macs/52-54-00-aa-bb-cc}. */
  MAC("macs");

  private final String directory;

  ClaimKind(String directory) {
    this.directory = directory;
  }

  /** The directory under {@link Claims#ROOT} that holds claims of this kind. */
  public String directory() {
    return Claims.ROOT + "/" + directory;
  }

  /** The word written in a claim file ({@code kind=vf}). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ClaimKind> ofLabel(String label) {
    for (ClaimKind k : values()) {
      if (k.label().equals(label)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
