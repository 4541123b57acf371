package io.vfmigrate.workflow.listing;

import java.util.List;
import java.util.Optional;

/**
 * What {@code list} shows of one host: its VMs, the VFs of its PF and how many of them migrate now.
 * {@code error} says why a host could not be read (its lists are then empty).
 */
public record HostListing(
    String name, Optional<String> error, List<Vm> vms, List<Vf> vfs, List<Pf> pfs) {
  public HostListing {
    vms = List.copyOf(vms);
    vfs = List.copyOf(vfs);
    pfs = List.copyOf(pfs);
  }

  /**
   * A VM defined on the host.
   *
   * @param operation an unfinished journaled operation on it: its id, kind and whether its process
   *     still runs ({@code running}) or died ({@code interrupted}: {@code vfmigrate recover})
   */
  public record Vm(
      String name, String state, List<String> vfs, List<String> macs, Optional<String> operation) {}

  /**
   * A VF of the host's PF.
   *
   * @param state {@code used} (a domain has it), {@code claimed} (a run reserved it), {@code
   *     unprepared} (bound to the host driver or not migratable) or {@code free}
   * @param claim the claim on it: the operation, and whether its owner is {@code live}, {@code
   *     stale} or {@code unknown}
   */
  public record Vf(
      String pci,
      int index,
      String state,
      Optional<String> vm,
      Optional<Claim> claim,
      Optional<String> driver) {}

  /** A claim as {@code list} shows it. */
  public record Claim(String operation, String liveness, String path, String holder) {}

  /**
   * A PF and its migration slots: {@code migratingVfs} VFs migrate through it now (live slot
   * claims, either direction), {@code staleSlots} are held by runs that died.
   */
  public record Pf(String pci, int migratingVfs, int staleSlots, int cap) {}
}
