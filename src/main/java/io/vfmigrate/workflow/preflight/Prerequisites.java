package io.vfmigrate.workflow.preflight;

import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.model.DomainXml;
import io.vfmigrate.model.Finding;
import io.vfmigrate.model.GuestRequirements;
import java.util.ArrayList;
import java.util.List;

/**
 * The general live-migration prerequisites (beyond the VF): distinct host UUIDs, the source
 * reaching the destination's libvirt, the migration port, and for a VM its CPU, machine type,
 * storage and memory on the destination. {@code check} asks them in both directions between every
 * two hosts; {@code migrate}'s guards ask them for the one direction it goes.
 */
public final class Prerequisites {
  /** The finding ids, in the order they are reported. */
  public static final List<String> IDS =
      List.of(
          HostUuidDistinctCheck.ID,
          LibvirtReachableCheck.ID,
          MigrationPortCheck.ID,
          CpuCompatibleCheck.ID,
          MachineTypeCheck.ID,
          StorageCheck.ID,
          DestinationMemoryCheck.ID);

  /** The ids of the findings about a VM. */
  static final List<String> GUEST_IDS = IDS.subList(3, IDS.size());

  private static final List<DirectedCheck> DIRECTED =
      List.of(new LibvirtReachableCheck(), new MigrationPortCheck());
  private static final List<GuestCheck> GUEST =
      List.of(
          new CpuCompatibleCheck(),
          new MachineTypeCheck(),
          new StorageCheck(),
          new DestinationMemoryCheck());

  private Prerequisites() {}

  /**
   * Every finding of migrating {@code vm} (live XML {@code xml}) from {@code src} to {@code dst}.
   */
  public static List<Finding> forMigration(
      ManagedHost src, ManagedHost dst, String vm, DomainXml xml, boolean copyStorage) {
    PrereqFacts s = new PrereqFacts(src);
    PrereqFacts d = new PrereqFacts(dst);
    List<Finding> out = new ArrayList<>(between(s, d));
    out.addAll(guest(s, d, facts(vm, xml, copyStorage)));
    return out;
  }

  /** The pair findings for two hosts: UUIDs once, reachability and port in each direction. */
  static List<Finding> pair(HostProbe a, HostProbe b) {
    List<Finding> out = new ArrayList<>(between(a.prereqs(), b.prereqs()));
    out.addAll(directed(b.prereqs(), a.prereqs()));
    return out;
  }

  /** The VM findings for {@code vm} on {@code home} migrating to {@code other}. */
  static List<Finding> vm(HostProbe home, HostProbe other, String vm, DomainXml xml) {
    return guest(home.prereqs(), other.prereqs(), facts(vm, xml, false));
  }

  private static List<Finding> between(PrereqFacts src, PrereqFacts dst) {
    List<Finding> out = new ArrayList<>();
    DirectedCheck uuid = new HostUuidDistinctCheck();
    out.add(Preflight.safely(uuid.id(), src.name() + "," + dst.name(), () -> uuid.check(src, dst)));
    out.addAll(directed(src, dst));
    return out;
  }

  private static List<Finding> directed(PrereqFacts src, PrereqFacts dst) {
    List<Finding> out = new ArrayList<>();
    for (DirectedCheck c : DIRECTED) {
      out.add(Preflight.safely(c.id(), src.name() + "," + dst.name(), () -> c.check(src, dst)));
    }
    return out;
  }

  private static List<Finding> guest(PrereqFacts src, PrereqFacts dst, GuestFacts facts) {
    List<Finding> out = new ArrayList<>();
    for (GuestCheck c : GUEST) {
      out.add(
          Preflight.safely(c.id(), src.name() + "," + dst.name(), () -> c.check(src, dst, facts)));
    }
    return out;
  }

  private static GuestFacts facts(String vm, DomainXml xml, boolean copyStorage) {
    String text = xml.toXml();
    return new GuestFacts(vm, text, GuestRequirements.of(text), copyStorage);
  }
}
