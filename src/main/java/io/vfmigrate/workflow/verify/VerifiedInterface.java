package io.vfmigrate.workflow.verify;

/**
 * Which guest interface {@code verify} checked. {@code verify} and {@code migrate} choose it the
 * same way: the MAC asked for, else the VF's (the domain's {@code <interface type='hostdev'>}),
 * else the domain's first NIC when it has no VF.
 */
public enum VerifiedInterface {
  /** The interface with the MAC given with {@code --mac}. */
  ASKED("mac", "interface"),
  /** The VF: the MAC of the domain's hostdev interface. */
  VF("vf", "VF interface"),
  /** The domain's first NIC, as the domain has no VF. */
  FIRST_NIC("first-nic", "first NIC (the VM has no VF)");

  private final String word;
  private final String description;

  VerifiedInterface(String word, String description) {
    this.word = word;
    this.description = description;
  }

  /** The word in JSON: {@code vf}, {@code first-nic} or {@code mac}. */
  public String word() {
    return word;
  }

  /** How a report names it, e.g. {@code VF interface}. */
  public String description() {
    return description;
  }
}
