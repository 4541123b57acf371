package io.vfmigrate.lab.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One emulated hypervisor. */
public class HostSpec {
  public String address;
  public String os = "Red Hat Enterprise Linux 9.4";
  public String kernel = "5.14.0-427.13.1.el9_4.x86_64";
  public String hostname;
  public String uuid;
  public boolean iommu = true;

  /**
   * The host's locale (its {@code LANG}), e.g. {@code ja_JP.UTF-8}: tools print their translated
   * messages unless a command sets {@code LC_ALL}. Empty: English.
   */
  public String locale;

  /** Installed packages: name to version (optionally version-release). */
  public Map<String, String> packages = new LinkedHashMap<>();

  /** systemd units: name to active state. */
  public Map<String, String> services = new LinkedHashMap<>();

  public List<NicSpec> nics = new ArrayList<>();
  public List<VmSpec> vms = new ArrayList<>();

  /** Open vSwitch database contents (runtime). */
  public OvsSpec ovs = new OvsSpec();

  /** Temporary files written through the host port (runtime). */
  public Map<String, String> files = new LinkedHashMap<>();

  /** The host CPU; null for the lab's default (the same on every host). */
  public CpuSpec cpu;

  /** Memory free for new VMs ({@code virsh nodememstats}); null for the lab's default. */
  public String memoryFree;

  /**
   * Free hugepages per page size in KiB (e.g. {@code {2048: 4096, 1048576: 8}}), as {@code virsh
   * freepages} reports them; a hugepage-backed VM takes its pages when it arrives and gives them
   * back when it leaves or is destroyed (runtime). Null: none reserved.
   */
  public Map<Long, Long> hugepages;

  /** Machine types QEMU offers; null for those of the host's RHEL release and older. */
  public List<String> machineTypes;

  /** firewalld and its open ports; null when firewalld does not run. */
  public FirewallSpec firewall;

  /** The lab hosts this host logs in to over SSH without a prompt; null for every host. */
  public List<String> sshTrust;

  /** Injected failures: a command that matches fails as given. */
  public List<FaultSpec> faults = new ArrayList<>();
}
