package io.vfmigrate.workflow.attach;

import io.vfmigrate.host.Host;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.tools.devlink.Devlink;
import io.vfmigrate.tools.devlink.DevlinkPort;
import io.vfmigrate.tools.sysfs.PciSysfs;
import io.vfmigrate.workflow.DomainUsage;
import io.vfmigrate.workflow.claims.Claim;
import io.vfmigrate.workflow.claims.ClaimKind;
import io.vfmigrate.workflow.claims.Claims;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The VFs of one PF and whether each is ready to hand to a VM. */
public final class VfInventory {
  private static final Set<String> DETACHED = Set.of("pci-stub", "vfio-pci", "mlx5_vfio_pci");

  /** One VF with what makes it usable or not. */
  public record Vf(
      int index,
      PciAddress pci,
      Optional<String> driver,
      boolean migratable,
      Optional<String> usedBy) {
    /** Detached from the host driver and migratable: what {@code prepare} leaves. */
    public boolean prepared() {
      return driver.isPresent() && DETACHED.contains(driver.get()) && migratable;
    }

    public boolean free() {
      return prepared() && usedBy.isEmpty();
    }

    /** Why this VF cannot be used, for error messages. */
    public String problem() {
      if (usedBy.isPresent()) {
        return "is used by " + usedBy.get();
      }
      if (driver.isEmpty() || !DETACHED.contains(driver.get())) {
        return "is still bound to " + driver.orElse("no driver") + " (not detached)";
      }
      return "is not marked migratable";
    }
  }

  private final List<Vf> vfs;
  private final Map<PciAddress, Claim> claims;

  private VfInventory(List<Vf> vfs, Map<PciAddress, Claim> claims) {
    this.vfs = List.copyOf(vfs);
    this.claims = Map.copyOf(claims);
  }

  /** The VFs of {@code pf} on the host, with their drivers, migratability, users and claims. */
  public static VfInventory read(Host host, DomainUsage usage, PciAddress pf) {
    PciSysfs sysfs = new PciSysfs(host);
    Devlink devlink = new Devlink(host);
    Map<PciAddress, Claim> claimed = new LinkedHashMap<>();
    for (Claim c : Claims.list(host, ClaimKind.VF)) {
      vfOf(c).ifPresent(pci -> claimed.put(pci, c));
    }
    List<PciAddress> addresses = sysfs.virtualFunctions(pf);
    List<DevlinkPort> ports = devlink.ports();
    List<Vf> out = new ArrayList<>();
    for (int i = 0; i < addresses.size(); i++) {
      int vfnum = i;
      boolean migratable =
          ports.stream()
              .filter(
                  p ->
                      p.device().equals(pf)
                          && p.vfnum().isPresent()
                          && p.vfnum().getAsInt() == vfnum)
              .findFirst()
              .flatMap(DevlinkPort::function)
              .flatMap(f -> f.migratable())
              .orElse(false);
      PciAddress pci = addresses.get(i);
      Optional<String> user =
          usage
              .userOf(pci)
              .or(
                  () ->
                      claimed.containsKey(pci)
                          ? Optional.of(
                              "a run that claimed it (" + claimed.get(pci).describe() + ")")
                          : Optional.empty());
      out.add(new Vf(i, pci, sysfs.driver(pci), migratable, user));
    }
    claimed.keySet().retainAll(addresses);
    return new VfInventory(out, claimed);
  }

  /**
   * The VF a claim file is named after. A name that is no PCI address claims no VF; {@code check}
   * still reports the file (stale-claims).
   */
  private static Optional<PciAddress> vfOf(Claim claim) {
    try {
      return Optional.of(PciAddress.parse(claim.key()));
    } catch (InvalidInputException e) {
      return Optional.empty();
    }
  }

  /** The claim on this VF, when a run holds one. */
  public Optional<Claim> claimOf(PciAddress pci) {
    return Optional.ofNullable(claims.get(pci));
  }

  public List<Vf> all() {
    return vfs;
  }

  public Optional<Vf> find(PciAddress pci) {
    return vfs.stream().filter(v -> v.pci().equals(pci)).findFirst();
  }

  public Optional<Vf> firstFree() {
    return vfs.stream().filter(Vf::free).findFirst();
  }

  public long freeCount() {
    return vfs.stream().filter(Vf::free).count();
  }
}
