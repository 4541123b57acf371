package io.vfmigrate.lab.state;

import java.util.ArrayList;
import java.util.List;

/** A running firewalld: the default zone's open ports, as {@code firewall-cmd --list-ports}. */
public class FirewallSpec {
  /** Ports and ranges with protocol, e.g. {@code 22/tcp}, {@code 49152-49215/tcp}. */
  public List<String> openPorts = new ArrayList<>();
}
