package io.vfmigrate.tools.systemd;

import java.util.Objects;

/**
 * One line of {@code systemctl list-unit-files}: a unit file the host has ({@code
 * openvswitch.service}) and its enablement state ({@code enabled}, {@code disabled}, {@code
 * static}, {@code masked}, ...).
 */
public record UnitFile(String name, String state) {
  public UnitFile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
  }

  /** The unit's name without its type suffix: {@code openvswitch} for openvswitch.service. */
  public String unit() {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }

  /** Enabled to start at boot (or by socket activation): the host uses this unit. */
  public boolean enabled() {
    return state.equals("enabled") || state.equals("enabled-runtime");
  }
}
