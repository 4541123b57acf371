package io.vfmigrate.lab.state;

/** One network interface of a domain, as libvirt and the guest see it. */
public class InterfaceSpec {
  /** virtio or hostdev. */
  public String type = "virtio";

  public String mac;

  /** The interface name inside the guest. */
  public String guestName;

  /** The guest's address on it, with prefix length. */
  public String ip;

  /** For hostdev: the VF's PCI address on the host where the domain runs. */
  public String pci;

  /** For virtio: the host bridge or network the interface is plugged into. */
  public String source;
}
