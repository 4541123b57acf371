package io.vfmigrate.tools.virsh;

import java.util.List;
import java.util.Objects;

/**
 * A host's CPU as {@code virsh capabilities} describes it under {@code <host><cpu>}: what a guest
 * with {@code <cpu mode='host-passthrough'/>} sees.
 *
 * @param arch e.g. {@code x86_64}
 * @param vendor e.g. {@code Intel}, {@code AMD}; empty when libvirt does not name one
 * @param model libvirt's closest CPU model, e.g. {@code Icelake-Server}
 * @param features the features beyond the model, in libvirt's order
 */
public record HostCpu(String arch, String vendor, String model, List<String> features) {
  public HostCpu {
    Objects.requireNonNull(arch, "arch");
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(model, "model");
    features = List.copyOf(features);
  }

  /** The features of this CPU that {@code other} does not have, in this CPU's order. */
  public List<String> featuresMissingFrom(HostCpu other) {
    return features.stream().filter(f -> !other.features.contains(f)).toList();
  }

  /** Vendor and model, e.g. {@code AMD kvm64}. */
  public String describe() {
    return (vendor.isEmpty() ? "" : vendor + " ") + model;
  }
}
