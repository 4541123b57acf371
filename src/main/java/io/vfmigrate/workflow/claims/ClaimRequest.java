package io.vfmigrate.workflow.claims;

import io.vfmigrate.model.MacAddress;
import io.vfmigrate.model.PciAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A claim an operation asks for on a host. For a VF or a MAC the target is the claim's key; for a
 * slot it is the PF, and acquiring takes the first free one of its {@link Claims#SLOTS_PER_PF}
 * slots.
 */
public record ClaimRequest(String host, ClaimKind kind, String target) {
  /** The fixed global order: host name, then kind, then key. */
  public static final Comparator<ClaimRequest> ORDER =
      Comparator.comparing(ClaimRequest::host)
          .thenComparing(ClaimRequest::kind)
          .thenComparing(ClaimRequest::target);

  public ClaimRequest {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(target, "target");
  }

  /** The destination VF {@code vf} on {@code host}. */
  public static ClaimRequest vf(String host, PciAddress vf) {
    return new ClaimRequest(host, ClaimKind.VF, vf.toString());
  }

  /** One migration slot of the PF {@code pf} on {@code host}. */
  public static ClaimRequest slot(String host, PciAddress pf) {
    return new ClaimRequest(host, ClaimKind.SLOT, pf.toString());
  }

  /** The MAC {@code mac}, reserved on {@code host}. */
  public static ClaimRequest mac(String host, MacAddress mac) {
    return new ClaimRequest(host, ClaimKind.MAC, macKey(mac));
  }

  /** The MAC {@code mac} reserved on every one of {@code hosts}. */
  public static List<ClaimRequest> macOnEvery(Collection<String> hosts, MacAddress mac) {
    List<ClaimRequest> out = new ArrayList<>();
    for (String h : hosts) {
      out.add(mac(h, mac));
    }
    return out;
  }

  /**
   * What a migration takes: every destination VF, and one slot per VF it moves on the source PF and
   * on the destination PF.
   */
  public static List<ClaimRequest> migration(
      String source,
      PciAddress sourcePf,
      String destination,
      PciAddress destinationPf,
      Collection<PciAddress> destinationVfs) {
    List<ClaimRequest> out = new ArrayList<>();
    for (PciAddress vf : destinationVfs) {
      out.add(vf(destination, vf));
      out.add(slot(source, sourcePf));
      out.add(slot(destination, destinationPf));
    }
    return out;
  }

  /** A MAC as a file name: {@code 52-54-00-aa-bb-cc}. */
  public static String macKey(MacAddress mac) {
    return mac.value().replace(':', '-').toLowerCase(Locale.ROOT);
  }

  /** What this asks for, for messages. */
  public String describe() {
    return switch (kind) {
      case VF -> "VF " + target + " on " + host;
      case SLOT -> "a migration slot of PF " + target + " on " + host;
      case MAC -> "MAC " + target.replace('-', ':') + " on " + host;
    };
  }
}
