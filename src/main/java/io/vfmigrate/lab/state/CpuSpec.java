package io.vfmigrate.lab.state;

import java.util.ArrayList;
import java.util.List;

/**
 * A CPU: a host's (what {@code virsh capabilities} reports) or a VM's ({@code <cpu>} of its domain
 * XML, with a mode).
 */
public class CpuSpec {
  /** VMs only: {@code host-model}, {@code host-passthrough} or {@code custom}. */
  public String mode;

  /** Hosts only: {@code Intel} or {@code AMD}. */
  public String vendor;

  /** libvirt's CPU model name, e.g. {@code SapphireRapids}, {@code Icelake-Server}. */
  public String model;

  /** Features beyond the model (hosts) or required by the VM (VMs). */
  public List<String> features = new ArrayList<>();
}
