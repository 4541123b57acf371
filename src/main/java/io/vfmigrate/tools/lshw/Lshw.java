package io.vfmigrate.tools.lshw;

import io.vfmigrate.host.Host;
import io.vfmigrate.tools.ToolRunner;
import java.util.List;

/** lshw: the hardware list, used to find the NIC's PCI functions and their netdevs. */
public final class Lshw {
  private final ToolRunner runner;

  public Lshw(Host host) {
    this.runner = new ToolRunner(host, "lshw");
  }

  /** {@code lshw -c network -businfo}: every network device, VFs included. */
  public List<LshwDevice> network() {
    return LshwBusinfoParser.parse(runner.run("lshw", "-c", "network", "-businfo").stdout());
  }
}
