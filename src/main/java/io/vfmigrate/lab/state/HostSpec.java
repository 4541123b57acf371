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

  /** Injected failures: a command that matches fails as given. */
  public List<FaultSpec> faults = new ArrayList<>();
}
