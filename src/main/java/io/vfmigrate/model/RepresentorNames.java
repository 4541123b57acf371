package io.vfmigrate.model;

/**
 * The netdev name a ConnectX VF representor ends up with on a systemd host.
 *
 * <p>mlx5 creates each representor with {@code alloc_etherdev}, so the kernel names it {@code
 * eth%d} (the lowest free number; representors are made VF 0 first), and reports {@code pf0vfN} as
 * its {@code phys_port_name}. udev's net_id builtin then builds the predictable path name: the PF's
 * name without its {@code npN} suffix, {@code n}, and the {@code phys_port_name} ({@code enp225s0}
 * + {@code npf0vf0}). systemd's link_config renames the netdev only to a name for which {@code
 * ifname_valid()} holds, i.e. at most IFNAMSIZ - 1 = 15 characters; a longer name is skipped
 * ("Policies didn't yield a name ... not renaming") and the representor keeps its kernel name.
 */
public final class RepresentorNames {
  /** IFNAMSIZ - 1: the longest name a Linux netdev can have. */
  public static final int MAX_LENGTH = 15;

  private RepresentorNames() {}

  /**
   * The representor of VF {@code vf} of a PF whose netdev is {@code pfBase} + {@code npN}: the
   * predictable name when it fits, else the kernel's {@code eth<vf>} (on a host where no other
   * netdev kept a kernel name).
   */
  public static String of(String pfBase, int vf) {
    String predictable = pfBase + "npf0vf" + vf;
    return predictable.length() <= MAX_LENGTH ? predictable : "eth" + vf;
  }
}
