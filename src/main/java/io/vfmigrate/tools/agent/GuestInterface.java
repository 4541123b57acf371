package io.vfmigrate.tools.agent;

import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.MacAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One guest network interface as {@code guest-network-get-interfaces} reports it
 * (qga/qapi-schema.json {@code GuestNetworkInterface}).
 *
 * @param name the guest's interface name, e.g. {@code enp4s0f0v0}
 * @param hardwareAddress {@code hardware-address} as the agent printed it (optional in the schema)
 * @param ipAddresses {@code ip-addresses}; empty when the interface has none
 * @param statistics {@code statistics} (QEMU 2.11+, optional)
 */
public record GuestInterface(
    String name,
    Optional<String> hardwareAddress,
    List<IpAddress> ipAddresses,
    Optional<Statistics> statistics) {

  /**
   * {@code GuestIpAddress}.
   *
   * @param address {@code ip-address}
   * @param type {@code ip-address-type}: {@code ipv4} or {@code ipv6}
   * @param prefix {@code prefix}, the prefix length
   */
  public record IpAddress(String address, String type, int prefix) {
    /** {@code address/prefix}. */
    public String cidr() {
      return address + "/" + prefix;
    }

    public boolean ipv4() {
      return type.equals("ipv4");
    }
  }

  /** {@code GuestNetworkInterfaceStat}. */
  public record Statistics(
      long rxBytes,
      long rxPackets,
      long rxErrs,
      long rxDropped,
      long txBytes,
      long txPackets,
      long txErrs,
      long txDropped) {}

  public GuestInterface {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(hardwareAddress, "hardwareAddress");
    ipAddresses = List.copyOf(ipAddresses);
    Objects.requireNonNull(statistics, "statistics");
  }

  /** The hardware address as an Ethernet MAC; empty when absent or not an Ethernet address. */
  public Optional<MacAddress> mac() {
    try {
      return hardwareAddress.map(MacAddress::parse);
    } catch (InvalidInputException e) {
      return Optional.empty();
    }
  }
}
